//! Referrals from Probation, the Police, partners and self-referral, on their way to becoming a
//! participant (issue 17). So far the rules: which status changes are allowed and the sentences
//! for those that are not, days between steps, and who is eligible. The records, the intake
//! queue and the partners' referral form are still to come.

pub mod status;
