-- A callback id is unique within the provider that sent it (the token's provider claim), not across all
-- providers: otherwise one provider could send, first, an id another is going to use, and have that
-- provider's real results refused as a replay.
alter table provider_callback add column provider text not null default '';
alter table provider_callback drop constraint provider_callback_pkey;
alter table provider_callback add primary key (provider, callback_id);
alter table provider_callback alter column provider drop default;
