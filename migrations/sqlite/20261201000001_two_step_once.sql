-- An authenticator code works once: the last 30-second time step accepted for the account is
-- kept, and a code from that step or an earlier one is refused (someone who watched a code being
-- typed cannot use it again within its minute of validity).
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER
    CHECK (totp_last_step IS NULL OR totp_last_step >= 0);
