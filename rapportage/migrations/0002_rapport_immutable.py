"""A vastgesteld report stays as it was: the database refuses to change its file, hash,
snapshot or texts, and refuses to delete it. Only the step vastgesteld -> vervangen is allowed
(when a new version is adopted)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION rapportage_rapport_onveranderlijk() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('vastgesteld', 'vervangen') THEN
            RAISE EXCEPTION 'een vastgesteld rapport kan niet worden verwijderd'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status IN ('vastgesteld', 'vervangen') THEN
        IF NEW.pdf IS DISTINCT FROM OLD.pdf OR NEW.sha256 IS DISTINCT FROM OLD.sha256
           OR NEW.data IS DISTINCT FROM OLD.data
           OR NEW.tekst_resultaten IS DISTINCT FROM OLD.tekst_resultaten
           OR NEW.tekst_knelpunten IS DISTINCT FROM OLD.tekst_knelpunten
           OR NEW.versie IS DISTINCT FROM OLD.versie OR NEW.periode IS DISTINCT FROM OLD.periode
           OR NEW.netwerk_id IS DISTINCT FROM OLD.netwerk_id
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'vastgesteld' AND NEW.status = 'vervangen'))
        THEN
            RAISE EXCEPTION 'een vastgesteld rapport kan niet worden gewijzigd'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER rapportage_rapport_onveranderlijk
    BEFORE UPDATE OR DELETE ON rapportage_rapport
    FOR EACH ROW EXECUTE FUNCTION rapportage_rapport_onveranderlijk();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS rapportage_rapport_onveranderlijk ON rapportage_rapport;
DROP FUNCTION IF EXISTS rapportage_rapport_onveranderlijk();
"""


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
