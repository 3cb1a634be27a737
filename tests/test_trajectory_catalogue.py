"""The method file's outflow reasons: loaded as data, each with its class, reloadable without duplicates."""
import pytest

from webapp.extensions import db
from webapp.trajectory import catalogue as methods


def _relim():
    """Relim's reasons only: other method files (Kansen op werk) load beside it."""
    relim = next(m for m in methods.methods() if m.code == "relim")
    return [r for r in methods.outflow_reasons() if r.method_id == relim.id]


def test_relim_outflow_reasons_are_loaded_with_their_class(app, catalogue):
    classes = {r.code: r.klass for r in _relim()}
    assert classes == {
        "regulier_werk": "positief", "sw": "positief", "vrijwilligerswerk": "positief", "opleiding": "positief",
        "doorstroom": "positief", "gestopt": "negatief",
        "verhuisd": "overig", "opgenomen": "overig", "detentie": "overig", "overleden": "overig"}
    methods.load_all()  # loading again updates in place
    assert len(_relim()) == 10
    assert _relim()[0].label == "Regulier werk"
    # A code two methods share keeps one class in the rules' lookup (outflow_classes is by code).
    assert methods.outflow_classes()["vrijwilligerswerk"] == "positief"


def test_an_outflow_reason_with_an_unknown_class_is_refused(app, tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('code = "x"\nname = "X"\nmodules = []\n[[outflow]]\ncode = "weg"\nlabel = "Weg"\nclass = "goed"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.toml:7: outflow\[0\].class: .goed. is geen klasse"):
        methods.load(path)
    db.session.rollback()
