//! A stable content hash of a serialisable value, to see whether a work changed since it was indexed: FNV-1a over
//! the value as [`Feed`] writes it, eight bytes at a step.
//!
//! [`Feed`] is a serde serializer that writes each value as a tag byte and its raw bytes (strings with their
//! length, structs with their field names, ends of sequences, maps and structs marked), so that two different
//! values do not write the same bytes. It replaced the JSON form, whose string escaping and number formatting were
//! 3.8% of `kanun index` for bytes nobody reads.

use serde::Serialize;
use serde::ser::{
    SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

/// The FNV-1a hash of `value` as [`Feed`] writes it, then of `extra`.
pub(crate) fn of<T: Serialize + ?Sized>(value: &T, extra: &[u8]) -> u64 {
    let mut h = Fnv::new();
    // Feeding a hash cannot fail; a value whose `Serialize` reports an error (none of the model's do) hashes
    // the bytes written up to it.
    let _ = value.serialize(Feed(&mut h));
    h.write(extra);
    h.finish()
}

/// FNV-1a over eight bytes at a step, each step's hash rotated first so that the high bits of a word reach the
/// low bits of later steps (a plain multiplication carries only upwards: the same bit flipped in two words would
/// cancel). Bytes are gathered in a buffer and hashed a buffer at a time: a model writes many short pieces (tags,
/// lengths, eIds), and hashing each as it came cost more than the multiplications.
pub(crate) struct Fnv {
    hash: u64,
    /// Bytes written and not yet hashed.
    buf: Vec<u8>,
}

impl Fnv {
    const PRIME: u64 = 0x0100_0000_01b3;
    const BUFFER: usize = 1 << 12;
    /// From how many bytes a piece is hashed in place rather than copied into the buffer.
    const LONG: usize = 128;

    pub(crate) fn new() -> Self {
        Fnv { hash: 0xcbf2_9ce4_8422_2325, buf: Vec::with_capacity(Self::BUFFER + 64) }
    }

    fn word(hash: u64, w: u64) -> u64 {
        (hash.rotate_left(23) ^ w).wrapping_mul(Self::PRIME)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        if bytes.len() < Self::LONG {
            self.buf.extend_from_slice(bytes);
            if self.buf.len() >= Self::BUFFER {
                self.drain();
            }
            return;
        }
        // A long piece (a provision's text) is hashed where it is, after the buffer is topped up to whole words.
        let fill = (8 - self.buf.len() % 8) % 8;
        self.buf.extend_from_slice(&bytes[..fill]);
        self.drain();
        self.hash = Self::words(self.hash, &bytes[fill..]);
        let rest = &bytes[fill..];
        self.buf.extend_from_slice(&rest[rest.len() - rest.len() % 8..]);
    }

    /// The hash after the whole words of `bytes` (a remainder of fewer than eight bytes is left out).
    fn words(mut h: u64, bytes: &[u8]) -> u64 {
        for w in bytes.chunks_exact(8) {
            h = Self::word(h, u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        h
    }

    /// Hashes the whole words of the buffer and keeps the rest (fewer than eight bytes).
    fn drain(&mut self) {
        self.hash = Self::words(self.hash, &self.buf);
        let left = self.buf.len() % 8;
        let from = self.buf.len() - left;
        self.buf.copy_within(from.., 0);
        self.buf.truncate(left);
    }

    pub(crate) fn finish(mut self) -> u64 {
        self.drain();
        let mut h = self.hash;
        for b in &self.buf {
            h = Self::word(h, u64::from(*b));
        }
        Self::word(h, self.buf.len() as u64)
    }
}

/// Never made by [`Feed`] itself: only a value's own `Serialize` can report one.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct FeedError(String);

impl serde::ser::Error for FeedError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        FeedError(msg.to_string())
    }
}

/// Tags: what kind of value the bytes after them are.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const SEQ: u8 = 13;
    pub const MAP: u8 = 14;
    pub const STRUCT: u8 = 15;
    pub const FIELD: u8 = 16;
    pub const SKIPPED: u8 = 17;
    pub const END: u8 = 18;
}

/// A serde serializer into a hash (see the module).
pub(crate) struct Feed<'h>(pub(crate) &'h mut Fnv);

impl Feed<'_> {
    fn tagged(&mut self, t: u8, bytes: &[u8]) {
        self.0.write(&[t]);
        self.0.write(bytes);
    }

    fn sized(&mut self, t: u8, bytes: &[u8]) {
        self.0.write(&[t]);
        self.0.write(&(bytes.len() as u64).to_le_bytes());
        self.0.write(bytes);
    }

    fn variant(&mut self, index: u32) {
        self.tagged(tag::VARIANT, &index.to_le_bytes());
    }

    fn again(&mut self) -> Feed<'_> {
        Feed(self.0)
    }
}

impl Serializer for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(mut self, v: bool) -> Result<(), FeedError> {
        self.tagged(tag::BOOL, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(mut self, v: i64) -> Result<(), FeedError> {
        self.tagged(tag::INT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(mut self, v: i128) -> Result<(), FeedError> {
        self.tagged(tag::INT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(mut self, v: u64) -> Result<(), FeedError> {
        self.tagged(tag::UINT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(mut self, v: u128) -> Result<(), FeedError> {
        self.tagged(tag::UINT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), FeedError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(mut self, v: f64) -> Result<(), FeedError> {
        self.tagged(tag::FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(mut self, v: char) -> Result<(), FeedError> {
        self.tagged(tag::CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), FeedError> {
        self.sized(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), FeedError> {
        self.sized(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(mut self) -> Result<(), FeedError> {
        self.tagged(tag::NONE, &[]);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Result<(), FeedError> {
        self.tagged(tag::SOME, &[]);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<(), FeedError> {
        self.tagged(tag::UNIT, &[]);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), FeedError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        index: u32,
        _v: &'static str,
    ) -> Result<(), FeedError> {
        self.variant(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.tagged(tag::NEWTYPE, &[]);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        index: u32,
        _v: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.variant(index);
        value.serialize(self)
    }
    fn serialize_seq(mut self, _len: Option<usize>) -> Result<Self, FeedError> {
        self.tagged(tag::SEQ, &[]);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        index: u32,
        _v: &'static str,
        len: usize,
    ) -> Result<Self, FeedError> {
        self.variant(index);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(mut self, _len: Option<usize>) -> Result<Self, FeedError> {
        self.tagged(tag::MAP, &[]);
        Ok(self)
    }
    fn serialize_struct(mut self, _name: &'static str, _len: usize) -> Result<Self, FeedError> {
        self.tagged(tag::STRUCT, &[]);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        index: u32,
        _v: &'static str,
        _len: usize,
    ) -> Result<Self, FeedError> {
        self.variant(index);
        self.tagged(tag::STRUCT, &[]);
        Ok(self)
    }
}

impl Feed<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        value.serialize(self.again())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), FeedError> {
        // The field's name: a struct whose fields may be skipped writes them by name, as JSON did.
        self.sized(tag::FIELD, key.as_bytes());
        value.serialize(self.again())
    }

    fn end(mut self) -> Result<(), FeedError> {
        self.tagged(tag::END, &[]);
        Ok(())
    }
}

impl SerializeSeq for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeTuple for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeTupleStruct for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeTupleVariant for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeMap for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FeedError> {
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeStruct for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.field(key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), FeedError> {
        self.sized(tag::SKIPPED, key.as_bytes());
        Ok(())
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl SerializeStructVariant for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.field(key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), FeedError> {
        self.sized(tag::SKIPPED, key.as_bytes());
        Ok(())
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_depends_on_the_bytes_not_on_how_they_are_written() {
        // Over three buffers and an odd tail, so that buffers are hashed whole at different points of the writes.
        let n = 3 * Fnv::BUFFER + 1_003;
        let bytes: Vec<u8> = (0..n as u32).map(|i| (i.wrapping_mul(37) % 251) as u8).collect();
        let hash = |chunks: &[usize], bytes: &[u8]| {
            let mut h = Fnv::new();
            let mut at = 0;
            for c in chunks.iter().cycle() {
                if at >= bytes.len() {
                    break;
                }
                let end = (at + c).min(bytes.len());
                h.write(&bytes[at..end]);
                at = end;
            }
            h.finish()
        };
        let whole = hash(&[n], &bytes);
        for chunks in [
            &[1][..],
            &[3, 5],
            &[7, 1, 9],
            &[8],
            &[16, 2],
            &[13],
            &[Fnv::BUFFER - 1],
            &[40_000],
            &[Fnv::LONG],
            &[Fnv::LONG + 5, 3, 1],
        ] {
            assert_eq!(hash(chunks, &bytes), whole, "{chunks:?}");
        }
        let mut other = bytes.clone();
        other[n - 3] ^= 1;
        assert_ne!(hash(&[n], &other), whole, "a byte in the tail");
        other[n - 3] ^= 1;
        other[3] ^= 1;
        assert_ne!(hash(&[n], &other), whole);
        other[3] ^= 1;
        // The top bit of two words flipped: a plain FNV step would carry both only to the top bit and cancel them.
        other[7] ^= 0x80;
        other[15] ^= 0x80;
        assert_ne!(hash(&[n], &other), whole, "two top bits");
        // A zero byte more at the end is another text.
        assert_ne!(hash(&[n + 1], &[&bytes[..], &[0]].concat()), whole);
    }

    #[derive(Serialize)]
    struct Two {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<String>,
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        Other,
        New(String),
        Tuple(u32, u32),
        Fields { x: u32 },
    }

    /// Values that JSON wrote differently are hashed differently: the moves a value's bytes could make between
    /// neighbours (a string split or joined, a field skipped in one place or another, an element moved between
    /// nested lists, another variant with the same payload).
    #[test]
    fn different_values_give_different_hashes() {
        let h = |v: &dyn erased::Hashable| v.hash();
        let values: Vec<(&str, u64)> = vec![
            ("ab,c", h(&vec!["ab".to_string(), "c".into()])),
            ("a,bc", h(&vec!["a".to_string(), "bc".into()])),
            ("abc", h(&vec!["abc".to_string()])),
            ("[[a],[b]]", h(&vec![vec!["a".to_string()], vec!["b".into()]])),
            ("[[a,b],[]]", h(&vec![vec!["a".to_string(), "b".into()], vec![]])),
            ("[[],[a,b]]", h(&vec![vec![], vec!["a".to_string(), "b".into()]])),
            ("a=x", h(&Two { a: Some("x".into()), b: None })),
            ("b=x", h(&Two { a: None, b: Some("x".into()) })),
            ("none", h(&Two { a: None, b: None })),
            ("a='' ", h(&Two { a: Some(String::new()), b: None })),
            ("Unit", h(&E::Unit)),
            ("Other", h(&E::Other)),
            ("New(1)", h(&E::New("1".into()))),
            ("Tuple", h(&E::Tuple(1, 2))),
            ("Tuple'", h(&E::Tuple(2, 1))),
            ("Fields", h(&E::Fields { x: 1 })),
            ("1u", h(&1u32)),
            ("1i", h(&1i32)),
            ("'1'", h(&"1")),
            ("some", h(&Some(0u8))),
            ("none'", h(&None::<u8>)),
        ];
        for (i, (a, ha)) in values.iter().enumerate() {
            for (b, hb) in &values[i + 1..] {
                assert_ne!(ha, hb, "{a} and {b} hash alike");
            }
        }
        // The same value hashes alike, and `extra` counts.
        assert_eq!(of(&E::Fields { x: 1 }, b""), of(&E::Fields { x: 1 }, b""));
        assert_ne!(of(&E::Fields { x: 1 }, b"4"), of(&E::Fields { x: 1 }, b"5"));
    }

    mod erased {
        pub trait Hashable {
            fn hash(&self) -> u64;
        }
        impl<T: serde::Serialize> Hashable for T {
            fn hash(&self) -> u64 {
                super::of(self, b"")
            }
        }
    }
}
