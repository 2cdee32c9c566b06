-- A journey that crosses the tax year's mileage threshold is paid at two rates. Keep both bands
-- when the claim is sent (the miles past the threshold and their rate), so the finance CSV can
-- give one row per rate with miles × rate = amount on each; `rate_pence` stays the first band's.
-- Lines sent before this release have NULL here and are read as one band.
ALTER TABLE claim_lines
    ADD COLUMN lower_tenths bigint
        CHECK (lower_tenths IS NULL OR lower_tenths BETWEEN 0 AND 10000),
    ADD COLUMN rate_after_pence bigint
        CHECK (rate_after_pence IS NULL OR rate_after_pence BETWEEN 0 AND 200);
