"""Journey: import workers from a CSV file with a bad row, fix it, import."""
from playwright.sync_api import expect

from .conftest import login

HEADER = "external_id;first_name;last_name;roepnaam;phone;shelter;module;phase;uitkering;postadres;ingeschreven;travel_cents"
ROWS = ["X100;Frans;Kessels;;06-1;Nachtopvang De Boei;lnw;;ja;ja;ja;0",
        "X101;Wim;Ramakers;Wimpie;;;viavia;2;ja;nee;ja;460"]


def test_import_with_a_bad_row_then_fixed(page, base, shot, tmp_path):
    """The preview names the bad row by line and column and imports nothing; the fixed file
    shows what will happen, and one tap imports it."""
    bad = tmp_path / "lijst.csv"
    bad.write_bytes(("\n".join([HEADER, *ROWS, "X102;Ria;Vossen;;;Onbekend Huis;lnw;;ja;ja;ja;0"]) + "\n").encode("cp1252"))
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/medewerkers/")
    page.get_by_role("link", name="Importeren").click()
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Niets geïmporteerd")).to_be_visible()
    expect(page.get_by_text("Regel 4: kolom shelter: onbekende opvang 'Onbekend Huis'.")).to_be_visible()
    shot("import-error")

    good = tmp_path / "lijst-goed.csv"
    good.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    page.get_by_label("CSV-bestand").set_input_files(str(good))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("2 nieuw, 0 bijwerken.")).to_be_visible()
    shot("import-preview")
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Import klaar: 2 nieuw, 0 bijgewerkt.")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the flash shows while the page still loads; a person reads it first
    page.get_by_placeholder("Zoek op naam of nummer").fill("Wimpie")
    expect(page.locator(".worker-row")).to_have_count(1)
