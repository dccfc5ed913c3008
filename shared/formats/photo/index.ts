/** Seized photos: head-only metadata reading for JPEG, TIFF/raw, HEIF, PNG and WebP. */
export { bytesReader, type ByteRangeReader } from './byte-range';
export { readPhoto, type PhotoReadOptions, type PhotoReadResult } from './read-photo';
export { sniffContainer } from './containers';
