//! What people do with the programme's sessions, written once for both databases (server
//! only): places on sessions (`enrolment`), the sessions themselves (`planning`) and the
//! register (`register`). Each use case is one write transaction; the rules and their sentences
//! come from the pure modules beside this one (`clash`, `planning`, `enrolment`), the SQL from
//! `data`.

pub mod enrolment;
pub mod planning;
pub mod register;
