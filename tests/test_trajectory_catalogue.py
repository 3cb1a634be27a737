"""The method file's outflow reasons: loaded as data, each with its class, reloadable without duplicates."""
import pytest

from webapp.extensions import db
from webapp.trajectory import catalogue as methods


def test_relim_outflow_reasons_are_loaded_with_their_class(app, catalogue):
    classes = methods.outflow_classes()
    assert classes == {
        "regulier_werk": "positief", "sw": "positief", "vrijwilligerswerk": "positief", "opleiding": "positief",
        "doorstroom": "positief", "gestopt": "negatief",
        "verhuisd": "overig", "opgenomen": "overig", "detentie": "overig", "overleden": "overig"}
    methods.load_all()  # loading again updates in place
    assert len(methods.outflow_reasons()) == 10
    assert methods.outflow_reasons()[0].label == "Regulier werk"


def test_an_outflow_reason_with_an_unknown_class_is_refused(app, tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('code = "x"\nname = "X"\nmodules = []\n[[outflow]]\ncode = "weg"\nlabel = "Weg"\nclass = "goed"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="weg"):
        methods.load(path)
    db.session.rollback()
