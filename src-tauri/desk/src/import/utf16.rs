//! UTF-16 files (Excel's "Unicode text", some Windows exports) read as the UTF-8 the parsers
//! expect: a byte-order mark says the file is UTF-16, and the bytes are decoded as they stream.

use std::io::{self, Read};

/// The byte order a UTF-16 byte-order mark announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// `FF FE`.
    Le,
    /// `FE FF`.
    Be,
}

impl Utf16 {
    /// The byte order of a file starting with `head`, when it starts with a UTF-16 mark.
    pub fn detect(head: &[u8]) -> Option<Self> {
        match head {
            [0xFF, 0xFE, ..] => Some(Self::Le),
            [0xFE, 0xFF, ..] => Some(Self::Be),
            _ => None,
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Self::Le => u16::from_le_bytes(pair),
            Self::Be => u16::from_be_bytes(pair),
        }
    }
}

/// The start of a UTF-16 file as UTF-8, for format detection: whole characters only, the
/// mark left out, anything undecodable replaced.
pub fn head_as_utf8(head: &[u8], order: Utf16) -> Vec<u8> {
    let units: Vec<u16> = head[2..]
        .chunks_exact(2)
        .map(|p| order.unit([p[0], p[1]]))
        .collect();
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .into_bytes()
}

/// Decodes UTF-16 from `inner` (mark included) into UTF-8. An unpaired surrogate or an odd
/// trailing byte is an `InvalidData` error naming the byte offset: nothing is replaced.
#[derive(Debug)]
pub struct Utf16Reader<R> {
    inner: R,
    order: Utf16,
    /// Raw bytes read but not decoded yet (at most one byte of an incomplete unit, or a high
    /// surrogate's two bytes waiting for its pair).
    raw: Vec<u8>,
    /// Decoded UTF-8 not handed out yet.
    out: Vec<u8>,
    out_pos: usize,
    /// Offset in the file of `raw[0]`.
    offset: u64,
    started: bool,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Reads `inner` as UTF-16 of `order`.
    pub fn new(inner: R, order: Utf16) -> Self {
        Self {
            inner,
            order,
            raw: Vec::new(),
            out: Vec::new(),
            out_pos: 0,
            offset: 0,
            started: false,
            done: false,
        }
    }

    fn invalid(&self, at: u64, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not valid UTF-16 at byte {at}: {what}"),
        )
    }

    /// Reads more raw bytes and decodes what is complete into `out`.
    fn fill(&mut self) -> io::Result<()> {
        let mut buf = [0u8; 16 * 1024];
        let n = self.inner.read(&mut buf)?;
        if n == 0 {
            self.done = true;
            if !self.raw.is_empty() {
                let what = if self.raw.len() == 1 {
                    "the file ends inside a character (an odd number of bytes)"
                } else {
                    "the file ends after a lone high surrogate"
                };
                return Err(self.invalid(self.offset, what));
            }
            return Ok(());
        }
        self.raw.extend_from_slice(&buf[..n]);
        self.out.clear();
        self.out_pos = 0;
        let mut i = 0;
        if !self.started && self.raw.len() >= 2 {
            self.started = true;
            if Utf16::detect(&self.raw) == Some(self.order) {
                i = 2;
            }
        }
        while i + 2 <= self.raw.len() {
            let u = self.order.unit([self.raw[i], self.raw[i + 1]]);
            let at = self.offset + i as u64;
            match u {
                0xD800..=0xDBFF => {
                    if i + 4 > self.raw.len() {
                        break; // wait for the low surrogate
                    }
                    let low = self.order.unit([self.raw[i + 2], self.raw[i + 3]]);
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(self.invalid(at, "a high surrogate without its low half"));
                    }
                    let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    let c = char::from_u32(c).ok_or_else(|| self.invalid(at, "not a character"))?;
                    let mut b = [0u8; 4];
                    self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                    i += 4;
                }
                0xDC00..=0xDFFF => {
                    return Err(self.invalid(at, "a low surrogate without its high half"));
                }
                _ => {
                    let c = char::from_u32(u32::from(u))
                        .ok_or_else(|| self.invalid(at, "not a character"))?;
                    let mut b = [0u8; 4];
                    self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                    i += 2;
                }
            }
        }
        self.raw.drain(..i);
        self.offset += i as u64;
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, order: Utf16) -> Vec<u8> {
        let mut out = match order {
            Utf16::Le => vec![0xFF, 0xFE],
            Utf16::Be => vec![0xFE, 0xFF],
        };
        for u in text.encode_utf16() {
            out.extend_from_slice(&match order {
                Utf16::Le => u.to_le_bytes(),
                Utf16::Be => u.to_be_bytes(),
            });
        }
        out
    }

    /// Reads through a reader that hands out `step` bytes at a time, to cross every boundary.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn decode(bytes: &[u8], order: Utf16, step: usize) -> io::Result<String> {
        let mut s = String::new();
        Utf16Reader::new(Trickle(bytes, step), order).read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn both_byte_orders_decode_across_every_boundary() {
        let text = "ChargeType,ReservationId\r\nPurchase,Contoso 日本 👩\u{200d}💻\r\n";
        for order in [Utf16::Le, Utf16::Be] {
            let bytes = encode(text, order);
            assert_eq!(Utf16::detect(&bytes), Some(order));
            for step in [1, 2, 3, 5, 7, 4096] {
                assert_eq!(
                    decode(&bytes, order, step).unwrap(),
                    text,
                    "{order:?} {step}"
                );
            }
            assert_eq!(
                String::from_utf8(head_as_utf8(&bytes[..12], order)).unwrap(),
                "Charg"
            );
        }
        assert_eq!(Utf16::detect(b"\xEF\xBB\xBFa,b"), None);
        assert_eq!(Utf16::detect(b"a,b"), None);
    }

    #[test]
    fn broken_utf16_is_an_error_with_its_offset() {
        let mut odd = encode("ab", Utf16::Le);
        odd.push(b'c');
        let e = decode(&odd, Utf16::Le, 3).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("byte 6"), "{e}");
        let lone_low = [0xFF, 0xFE, b'a', 0, 0x00, 0xDC];
        assert!(decode(&lone_low, Utf16::Le, 64)
            .unwrap_err()
            .to_string()
            .contains("low surrogate"));
        let unpaired_high = [0xFF, 0xFE, 0x00, 0xD8, b'a', 0];
        assert!(decode(&unpaired_high, Utf16::Le, 1)
            .unwrap_err()
            .to_string()
            .contains("high surrogate"));
        let trailing_high = [0xFF, 0xFE, 0x00, 0xD8];
        assert!(decode(&trailing_high, Utf16::Le, 64).is_err());
    }
}
