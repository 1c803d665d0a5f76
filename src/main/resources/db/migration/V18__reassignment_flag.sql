-- A confirmation by an officer the delivery has since been reassigned from is accepted (they held it when
-- they captured it) and flagged for review: a reassignment is sometimes made because of the officer.
alter table delivery_flag drop constraint delivery_flag_kind;
alter table delivery_flag add constraint delivery_flag_kind check (kind in ('DUPLICATE_PHOTO', 'FAR_FROM_COMMUNE',
    'POOR_GPS_ACCURACY', 'NO_POSITION', 'DEVICE_CLOCK_SKEW', 'PHOTO_TIME_MISMATCH', 'IMPLAUSIBLE_RATE',
    'BENEFICIARY_ENDED', 'CONFIRMED_AFTER_REASSIGNMENT'));
