"""The adjusted-wait part of the Treeknorm clock in SQL, for set-based queries.

wachtlijst_uitsteldagen(aanmelding, begin, einde) = the number of days d with
begin <= d < einde inside at least one postponement [van, tot) of the aanmelding, overlapping
postponements counted once (range_agg merges them). Mirrors wachtlijst.clock.uitsteldagen.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION wachtlijst_uitsteldagen(p_aanmelding bigint, p_begin date, p_einde date)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE(SUM(upper(r) - lower(r)), 0)::integer
    FROM unnest((
        SELECT range_agg(daterange(u.van, u.tot) * daterange(p_begin, p_einde))
        FROM casemanagement_uitstel u
        WHERE u.aanmelding_id = p_aanmelding
    )) AS r
    WHERE NOT isempty(r)
$$;
"""

BACKWARD = "DROP FUNCTION IF EXISTS wachtlijst_uitsteldagen(bigint, date, date);"


class Migration(migrations.Migration):
    dependencies = [("wachtlijst", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
