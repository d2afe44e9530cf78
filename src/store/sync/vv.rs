//! Version vectors: which changes of which computer a version of an entry has seen.
//!
//! Each computer that changes an entry raises its own counter in the entry's vector to the time
//! of the change in Unix milliseconds (at least one more than before, so a clock that stands
//! still or goes back never reuses a value). Version `a` has seen everything `b` has when every
//! counter of `a` is at least `b`'s: then `a` *descends from* `b` and replaces it. When each has
//! a counter the other lacks, the two were changed independently since they last met:
//! *concurrent*, and both are kept for the person to choose.
//!
//! Text form (the `vv` columns): `id=ms,id=ms` with the computer ids sorted; `''` is the empty
//! vector of an entry written before version vectors existed.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The version a write gives an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// What it has seen.
    pub vv: Vv,
    /// When it was made (Unix milliseconds).
    pub changed_ms: i64,
    /// The computer that made it.
    pub changed_by: String,
}

/// A version vector: computer id → the millisecond counter of its last change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Vv(BTreeMap<String, i64>);

/// How two versions relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same vector.
    Equal,
    /// The first has seen everything the second has, and more.
    Descends,
    /// The second has seen everything the first has, and more.
    Precedes,
    /// Each has changes the other has not seen.
    Concurrent,
}

impl Vv {
    /// Reads the text form; `None` when it is not one (a damaged or hand-edited row).
    pub fn parse(text: &str) -> Option<Vv> {
        let mut map = BTreeMap::new();
        if text.is_empty() {
            return Some(Vv(map));
        }
        for part in text.split(',') {
            let (id, n) = part.split_once('=')?;
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return None;
            }
            let n: i64 = n.parse().ok()?;
            if n < 0 || map.insert(id.to_owned(), n).is_some() {
                return None;
            }
        }
        Some(Vv(map))
    }

    /// The text form (ids sorted).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, (id, n)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(id);
            out.push('=');
            out.push_str(&n.to_string());
        }
        out
    }

    /// The counter of computer `id` (0 when it never changed this entry).
    pub fn get(&self, id: &str) -> i64 {
        self.0.get(id).copied().unwrap_or(0)
    }

    /// A change by computer `me` at `now_ms`: its counter becomes `now_ms`, or one more than it
    /// was when that is later. Returns the new counter.
    pub fn bump(&mut self, me: &str, now_ms: i64) -> i64 {
        let next = now_ms.max(self.get(me).saturating_add(1));
        self.0.insert(me.to_owned(), next);
        next
    }

    /// Every change either has seen (the larger counter of each computer).
    pub fn join(&mut self, other: &Vv) {
        for (id, &n) in &other.0 {
            let e = self.0.entry(id.clone()).or_insert(n);
            *e = (*e).max(n);
        }
    }

    /// How `self` relates to `other`.
    pub fn relation(&self, other: &Vv) -> Relation {
        let (mut more, mut less) = (false, false);
        let ids = self.0.keys().chain(other.0.keys());
        for id in ids {
            match self.get(id).cmp(&other.get(id)) {
                Ordering::Greater => more = true,
                Ordering::Less => less = true,
                Ordering::Equal => {}
            }
        }
        match (more, less) {
            (false, false) => Relation::Equal,
            (true, false) => Relation::Descends,
            (false, true) => Relation::Precedes,
            (true, true) => Relation::Concurrent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vv(t: &str) -> Vv {
        Vv::parse(t).expect("valid")
    }

    #[test]
    fn text_round_trips_sorted_and_bad_text_is_refused() {
        assert_eq!(vv("b=2,a=1").text(), "a=1,b=2");
        assert_eq!(vv("").text(), "");
        for bad in ["a", "a=", "=1", "a=-1", "a=1,a=2", "a b=1", "a=1,"] {
            assert_eq!(Vv::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn relations() {
        assert_eq!(vv("a=1,b=2").relation(&vv("b=2,a=1")), Relation::Equal);
        assert_eq!(vv("a=3,b=2").relation(&vv("a=1,b=2")), Relation::Descends);
        assert_eq!(vv("a=1").relation(&vv("a=1,b=2")), Relation::Precedes);
        assert_eq!(vv("a=2").relation(&vv("b=2")), Relation::Concurrent);
        assert_eq!(vv("a=1").relation(&vv("")), Relation::Descends);
        assert_eq!(vv("").relation(&vv("")), Relation::Equal);
    }

    #[test]
    fn a_bump_always_moves_forward_and_a_join_has_seen_both() {
        let mut v = vv("a=100");
        assert_eq!(v.bump("a", 50), 101, "a clock that went back never reuses a counter");
        assert_eq!(v.bump("b", 70), 70);
        let mut j = vv("a=5,c=9");
        j.join(&v);
        assert_eq!(j.text(), "a=101,b=70,c=9");
        assert_eq!(j.relation(&v), Relation::Descends);
        assert_eq!(j.relation(&vv("a=5,c=9")), Relation::Descends);
    }
}
