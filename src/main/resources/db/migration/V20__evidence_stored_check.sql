-- A photo row whose bytes are in the database store names bytes that exist: checked at commit, so the
-- row and its evidence_blob may be written in either order within the transaction.
create function delivery_photo_stored() returns trigger language plpgsql as $$
begin
    if not exists (select 1 from evidence_blob b where b.storage_key = new.storage_key) then
        raise exception 'delivery_photo % names evidence % that was not stored', new.id, new.storage_key
            using errcode = '23503';
    end if;
    return null;
end;
$$;
create constraint trigger delivery_photo_stored after insert on delivery_photo
    deferrable initially deferred for each row when (new.store = 'postgres')
    execute function delivery_photo_stored();
