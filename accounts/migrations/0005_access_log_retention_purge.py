from django.db import migrations

# NEN 7513 keeps the access log at least five years; the retention job removes what is older
# than its term (docs/decisions/0017-bewaartermijnen.md). The log stays append-only for
# everyone: the application role has no DELETE privilege (decision 0006) and the trigger of
# 0002 refuses every UPDATE, DELETE and TRUNCATE, with one exception: a DELETE of a row older
# than five years while accounts_accesslog_purge() runs. That function is SECURITY DEFINER,
# owned by the owner role (who runs migrate), so the application role can call it without
# holding DELETE itself, and it can only ever remove rows past the legal minimum, whatever
# cutoff it is given. Five years is written here, not read from a setting, so that no
# configuration of the application can shorten it.
FORWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('accounts.accesslog_purge', true) = 'on'
           AND OLD."timestamp" < now() - interval '5 years' THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'het toegangslog is alleen aan te vullen (% geweigerd)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION accounts_accesslog_purge(ouder_dan timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    grens timestamptz := LEAST(ouder_dan, now() - interval '5 years');
    verwijderd bigint;
BEGIN
    PERFORM set_config('accounts.accesslog_purge', 'on', true);
    DELETE FROM public.accounts_accesslogentry WHERE "timestamp" < grens;
    GET DIAGNOSTICS verwijderd = ROW_COUNT;
    PERFORM set_config('accounts.accesslog_purge', 'off', true);
    RETURN verwijderd;
END;
$$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS accounts_accesslog_purge(timestamptz);
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het toegangslog is alleen aan te vullen (% geweigerd)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_access_log_no_truncate")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
