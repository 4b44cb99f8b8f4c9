from django.db import migrations

# NEN 7513: the access log can be appended to, never changed. The trigger holds for every
# client of the database (raw SQL, admin, a future bug), not only for the ORM.
FORWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het toegangslog is alleen aan te vullen (% geweigerd)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_accesslog_no_update_or_delete
    BEFORE UPDATE OR DELETE ON accounts_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_accesslog_no_update_or_delete ON accounts_accesslogentry;
DROP FUNCTION IF EXISTS accounts_accesslog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
