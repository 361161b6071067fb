/**
 * The random stream both backends reproduce (each implements it on its own):
 *
 * Philox4x32-10 (Salmon et al., SC'11) with key (k0, k1) and a 128-bit counter whose
 * two low words come from RandomParams.counter and whose two high words are 0.
 * Element i of a request reads block `counter + floor(i / 4)` (64-bit add), word `i % 4`.
 *
 *  - bits:    the word, reinterpreted as int32.
 *  - uniform: (word >>> 8) · 2^-24, in [0, 1), exact in float32.
 *  - normal:  Box–Muller on the word pair of the element's half-block: lanes 0,1 use
 *             words (0, 1), lanes 2,3 use words (2, 3);
 *             u1 = ((w_a >>> 8) + 1) · 2^-24 in (0, 1],  u2 = (w_b >>> 8) · 2^-24,
 *             r = sqrt(-2 ln u1), even lane → r cos(2π u2), odd lane → r sin(2π u2).
 *
 * Known answer (Random123 kat_vectors): key (0, 0), counter 0 →
 * 0x6627e8d5 0xe169c58d 0xbc57ac4c 0x9b00dbd8.
 */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;
export const PHILOX_ROUNDS = 10;
