/** Values as the wire carries them: JSON-like trees with typed arrays at any depth. */
import fc from 'fast-check';

export function wireValueArbitrary(): fc.Arbitrary<unknown> {
  const typed = fc.oneof(
    fc.float64Array().map((a) => a as unknown),
    fc.uint8Array().map((a) => a as unknown),
    fc.int16Array().map((a) => a as unknown),
    fc.int32Array().map((a) => a as unknown),
  );
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      typed,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
    ),
  })).node;
}

/** The binary framing's chunks joined as the HTTP body arrives: one fresh ArrayBuffer. */
export function wireBody(chunks: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}
