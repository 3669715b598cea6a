import * as crypto from 'crypto';
import { HASH_PIECE, hashOf } from '../../cli/cache-files';

/** SHA-256 of the UTF-8 bytes of `text`, hashed whole: what hashOf must give for any string. */
const wholeHash = (text: string) => crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('hashOf, the hash both start-up caches key on', () => {
  it('hashes a long string piece by piece to the SHA-256 of its whole UTF-8 bytes', () => {
    const ascii = 'module.exports = 1;\n'.repeat(5_000);
    for (const text of [ascii, ascii.slice(0, HASH_PIECE), ascii.slice(0, HASH_PIECE + 1), 'é'.repeat(3 * HASH_PIECE + 7)]) {
      expect(hashOf(text)).toBe(wholeHash(text));
    }
  });

  it('keeps the two halves of a surrogate pair in one piece, where a piece boundary falls between them', () => {
    const across = `${'a'.repeat(HASH_PIECE - 1)}😀${'b'.repeat(10)}`;
    expect(across.charCodeAt(HASH_PIECE - 1)).toBeGreaterThanOrEqual(0xd800);
    expect(hashOf(across)).toBe(wholeHash(across));
    // Two strings that differ only in the character across the boundary hash differently.
    expect(hashOf(across)).not.toBe(hashOf(across.replace('😀', '😁')));
    // A lone high surrogate at a boundary is encoded as Node encodes it in the whole string.
    const lone = `${'a'.repeat(HASH_PIECE - 1)}\ud83d${'b'.repeat(10)}`;
    expect(hashOf(lone)).toBe(wholeHash(lone));
  });

  it('hashes a buffer as its bytes', () => {
    const bytes = crypto.randomBytes(3 * HASH_PIECE);
    expect(hashOf(bytes)).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });
});
