import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvedPath } from '../../electron/services/photo-files';

describe('resolvedPath', () => {
  it('is resolve, for any path', () => {
    const piece = fc.constantFrom('/', '.', '..', 'a', 'IMG_0001.HEIC', '\\', ' ', 'é', '//');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = pieces.join('');
        expect(resolvedPath(path)).toBe(resolve(path));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a resolved photo path as it is', () => {
    const path = '/cases/2024-17/DCIM/100APPLE/IMG_0001.HEIC';
    expect(resolvedPath(path)).toBe(path);
    expect(resolvedPath('/cases/./DCIM/../DCIM/IMG_0001.HEIC')).toBe('/cases/DCIM/IMG_0001.HEIC');
  });
});
