from django.db import migrations

# NEN 7513: TRUNCATE empties a table without firing row triggers, so the UPDATE/DELETE trigger
# of 0002 does not stop it. A statement trigger refuses it for every role, the owner of the
# table included (the application role may not TRUNCATE at all: docs/decisions/0006). The
# function of 0002 names the refused operation (TG_OP = 'TRUNCATE').
FORWARD = """
CREATE TRIGGER accounts_accesslog_no_truncate
    BEFORE TRUNCATE ON accounts_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_accesslog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_accesslog_no_truncate ON accounts_accesslogentry;
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_notificatie")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
