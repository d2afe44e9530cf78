//! PBKDF2-HMAC-SHA512, the key derivation SQLCipher 4 uses by default, written over SHA-512's
//! compression function so that it is as fast in the debug build the tests run as in a release.
//!
//! HMAC's inner and outer keyed states are computed once; each of the many rounds is then two
//! compressions of one block, as in OpenSSL. The tests check it against the `pbkdf2` crate and
//! against keys SQLCipher derived itself (in `super::tests`).

use sha2::Digest as _;
use sha2::block_api::compress512;
use zeroize::{Zeroize as _, Zeroizing};

/// SHA-512's block size in bytes.
const BLOCK: usize = 128;
/// SHA-512's output size in bytes.
const OUT: usize = 64;
/// SHA-512's initial hash value (FIPS 180-4, section 5.3.5).
const IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

type State = Zeroizing<[u64; 8]>;

/// Fills `out` with PBKDF2-HMAC-SHA512 of `pass` and `salt` in `rounds` rounds (RFC 8018).
pub(crate) fn pbkdf2_hmac_sha512(pass: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    let hashed;
    let key: &[u8] = if pass.len() > BLOCK {
        let mut h = Zeroizing::new([0u8; OUT]);
        h.copy_from_slice(&sha2::Sha512::digest(pass));
        hashed = h;
        &hashed[..]
    } else {
        pass
    };
    let inner = keyed_state(key, 0x36);
    let outer = keyed_state(key, 0x5c);
    // The block every later round hashes: a 64-byte message after the 128-byte key block, padded.
    let mut block = Zeroizing::new([0u8; BLOCK]);
    block[OUT] = 0x80;
    block[BLOCK - 16..].copy_from_slice(&(((BLOCK + OUT) as u128) * 8).to_be_bytes());
    for (i, chunk) in out.chunks_mut(OUT).enumerate() {
        let mut first = Zeroizing::new(salt.to_vec());
        first.extend_from_slice(&(i as u32 + 1).to_be_bytes());
        // The rounds work on plain arrays (wiped below), so the loop stays tight.
        let mut u: [u64; 8] = *finish(&outer, &bytes(&finish(&inner, &first))[..]);
        let mut sum = u;
        let mut mid = [0u64; 8];
        for _ in 1..rounds {
            put_words(&mut block[..], &u);
            mid = *inner;
            compress512(&mut mid, std::slice::from_ref(&*block));
            put_words(&mut block[..], &mid);
            u = *outer;
            compress512(&mut u, std::slice::from_ref(&*block));
            for (s, w) in sum.iter_mut().zip(&u) {
                *s ^= w;
            }
        }
        let sum = Zeroizing::new(sum);
        u.zeroize();
        mid.zeroize();
        chunk.copy_from_slice(&bytes(&sum)[..chunk.len()]);
    }
}

/// SHA-512's state after the HMAC key block (`key` padded with zeros, xor `pad`).
fn keyed_state(key: &[u8], pad: u8) -> State {
    let mut block = Zeroizing::new([pad; BLOCK]);
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    let mut state = Zeroizing::new(IV);
    compress512(&mut state, std::slice::from_ref(&*block));
    state
}

/// The hash of (the one block behind `state`) followed by `msg`: the rest of the message and
/// SHA-512's padding.
fn finish(state: &State, msg: &[u8]) -> State {
    let mut s = state.clone();
    let (full, rest) = msg.as_chunks::<BLOCK>();
    compress512(&mut s, full);
    let mut tail = Zeroizing::new([[0u8; BLOCK]; 2]);
    let flat = tail.as_flattened_mut();
    flat[..rest.len()].copy_from_slice(rest);
    flat[rest.len()] = 0x80;
    let blocks = if rest.len() + 1 + 16 <= BLOCK { 1 } else { 2 };
    let end = blocks * BLOCK;
    flat[end - 16..end].copy_from_slice(&(((BLOCK + msg.len()) as u128) * 8).to_be_bytes());
    compress512(&mut s, &tail[..blocks]);
    s
}

/// A state's words as the big-endian bytes of a digest.
fn bytes(state: &State) -> Zeroizing<[u8; OUT]> {
    let mut out = Zeroizing::new([0u8; OUT]);
    put_words(&mut out[..], state);
    out
}

/// Writes the state's words, big-endian, at the start of `buf`.
fn put_words(buf: &mut [u8], state: &[u64; 8]) {
    let mut at = 0;
    for w in state {
        buf[at..at + 8].copy_from_slice(&w.to_be_bytes());
        at += 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(pass: &[u8], salt: &[u8], rounds: u32, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        pbkdf2_hmac_sha512(pass, salt, rounds, &mut out);
        out
    }

    fn reference(pass: &[u8], salt: &[u8], rounds: u32, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        pbkdf2::pbkdf2_hmac::<pbkdf2::sha2::Sha512>(pass, salt, rounds, &mut out);
        out
    }

    #[test]
    fn a_published_test_vector() {
        // PBKDF2-HMAC-SHA512("password", "salt", 1 round, 64 bytes).
        let expected = "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252\
                        c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce";
        let hex: String = ours(b"password", b"salt", 1, 64).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected);
    }

    #[test]
    fn matches_the_pbkdf2_crate_at_every_length_that_changes_the_padding() {
        let long = vec![b'p'; 300];
        for pass in [&b""[..], b"x", b"correct horse battery staple", &long[..128], &long[..129], &long] {
            for salt_len in [0, 16, 107, 108, 111, 112, 124, 125, 128, 200, 300] {
                let salt: Vec<u8> = (0..salt_len).map(|i| (i * 7 % 251) as u8).collect();
                for rounds in [1, 2, 3, 50] {
                    for len in [16, 32, 64, 65, 130] {
                        assert_eq!(
                            ours(pass, &salt, rounds, len),
                            reference(pass, &salt, rounds, len),
                            "pass {} bytes, salt {salt_len}, {rounds} rounds, {len} bytes out",
                            pass.len()
                        );
                    }
                }
            }
        }
    }
}
