import { describe, expect, it } from 'vitest';
import { challengeSigningInput, newChallengeNonce } from './challenge.js';

describe('challenge helpers', () => {
  it('nonce is 32 random bytes in base64url', () => {
    const a = newChallengeNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newChallengeNonce()).not.toBe(a);
  });

  it('signing input is exactly TMIS-LOGIN|id|nonce', () => {
    expect(challengeSigningInput('abc', 'xyz')).toBe('TMIS-LOGIN|abc|xyz');
  });
});
