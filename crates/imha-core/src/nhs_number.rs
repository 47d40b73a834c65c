//! NHS numbers: ten digits whose last is a Modulus 11 check digit (NHS Data Dictionary, "NHS
//! NUMBER"). Parsed once into [`NhsNumber`], so an invalid number cannot reach storage.

use std::fmt;

/// A valid NHS number, held as its ten digits without spaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

/// Why a string is not an NHS number. The message is safe to show (it never repeats the value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("must be 10 digits")]
    NotTenDigits,
    #[error("check digit does not match")]
    CheckDigit,
}

impl NhsNumber {
    /// Parse a number written with or without spaces (`943 476 5919`, `9434765919`).
    pub fn parse(s: &str) -> Result<NhsNumber, NhsNumberError> {
        let digits: Vec<u32> = s
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_digit(10).ok_or(NhsNumberError::NotTenDigits))
            .collect::<Result<_, _>>()?;
        if digits.len() != 10 {
            return Err(NhsNumberError::NotTenDigits);
        }
        // Weights 10 down to 2 on the first nine digits; check = 11 - (sum mod 11), where 11
        // means 0 and 10 means the number is invalid.
        let sum: u32 = digits
            .iter()
            .take(9)
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let check = match 11 - (sum % 11) {
            11 => 0,
            10 => return Err(NhsNumberError::CheckDigit),
            c => c,
        };
        if digits.get(9) != Some(&check) {
            return Err(NhsNumberError::CheckDigit);
        }
        Ok(NhsNumber(
            digits
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect(),
        ))
    }

    /// The ten digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Written as people read it: `943 476 5919`.
    pub fn spaced(&self) -> String {
        let s = &self.0;
        format!(
            "{} {} {}",
            s.get(0..3).unwrap_or(""),
            s.get(3..6).unwrap_or(""),
            s.get(6..).unwrap_or("")
        )
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_parse_with_or_without_spaces() {
        // 943 476 5919 is the NHS Data Dictionary's worked example.
        for s in ["9434765919", "943 476 5919", " 943 476 5919 "] {
            let n = NhsNumber::parse(s).unwrap();
            assert_eq!(n.as_str(), "9434765919");
            assert_eq!(n.spaced(), "943 476 5919");
        }
        // Check digit 0 arises when 11 - (sum mod 11) = 11.
        assert!(NhsNumber::parse("0000158380").is_ok());
        assert!(NhsNumber::parse("4010232137").is_ok());
    }

    #[test]
    fn wrong_check_digits_and_shapes_are_refused() {
        assert_eq!(
            NhsNumber::parse("9434765918"),
            Err(NhsNumberError::CheckDigit)
        );
        assert_eq!(
            NhsNumber::parse("943476591"),
            Err(NhsNumberError::NotTenDigits)
        );
        assert_eq!(
            NhsNumber::parse("94347659190"),
            Err(NhsNumberError::NotTenDigits)
        );
        assert_eq!(
            NhsNumber::parse("94347-65919"),
            Err(NhsNumberError::NotTenDigits)
        );
        assert_eq!(NhsNumber::parse(""), Err(NhsNumberError::NotTenDigits));
        // 000000006 weighs to 12, remainder 1, check value 10: no tenth digit makes it valid.
        for d in 0..10 {
            assert_eq!(
                NhsNumber::parse(&format!("000000006{d}")),
                Err(NhsNumberError::CheckDigit)
            );
        }
    }

    #[test]
    fn every_check_digit_is_the_only_one_accepted() {
        let stem = "943476591";
        let ok: Vec<u32> = (0..10)
            .filter(|d| NhsNumber::parse(&format!("{stem}{d}")).is_ok())
            .collect();
        assert_eq!(ok, vec![9]);
    }
}
