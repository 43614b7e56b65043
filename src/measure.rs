//! Measurement, apart from the product: `curbside bench` ([`bench`]), `curbside eval`
//! ([`eval`], and [`analysis`] for `--analysis`) and the synthetic corpora and citations the scale benchmarks index ([`synthetic`]).

pub mod analysis;
pub mod bench;
pub mod eval;
pub mod synthetic;
