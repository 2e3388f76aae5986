//! The one hash of the crate's own fingerprints: FNV-1a (64-bit), shown as the low 32 bits in
//! 8 hex digits. A form's signature (in every template a center fills) and a profile's
//! fingerprint (in every report) are made with it, so neither may change: a center's template
//! of last month must still be recognised. The files read are identified by SHA-256 instead.

/// An FNV-1a hash being fed.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint::new()
    }
}

impl Fingerprint {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    pub fn new() -> Fingerprint {
        Fingerprint(Self::OFFSET)
    }

    /// Feed bytes as they are.
    pub fn bytes(mut self, bytes: &[u8]) -> Fingerprint {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
        self
    }

    /// Feed one field of a record: its bytes, then a 0xff no text holds, so that fields
    /// cannot run into each other ("ab", "c" differs from "a", "bc").
    pub fn field(self, bytes: &[u8]) -> Fingerprint {
        self.bytes(bytes).bytes(&[0xff])
    }

    /// The fingerprint: the hash's low 32 bits, as 8 hex digits.
    pub fn hex(self) -> String {
        format!("{:08x}", self.0 as u32)
    }
}

/// The fingerprint of a text.
pub fn fingerprint(text: &str) -> String {
    Fingerprint::new().bytes(text.as_bytes()).hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a 64 vectors, cut to 32 bits: the values centers' files carry.
    #[test]
    fn fnv1a_vectors() {
        assert_eq!(fingerprint(""), "84222325");
        assert_eq!(fingerprint("a"), "8601ec8c");
        assert_eq!(fingerprint("foobar"), "f73967e8");
        let fields = Fingerprint::new().field(b"ab").field(b"c").hex();
        assert_ne!(fields, Fingerprint::new().field(b"a").field(b"bc").hex());
        assert_eq!(
            Fingerprint::new().field(b"a").hex(),
            Fingerprint::new().bytes(b"a\xff").hex()
        );
    }
}
