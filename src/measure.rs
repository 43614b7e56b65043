//! Measurement, apart from the product: `curbside bench` ([`bench`]), `curbside eval`
//! ([`eval`]) and the synthetic corpus the scale benchmarks index ([`synthetic`]).

pub mod bench;
pub mod eval;
pub mod synthetic;
