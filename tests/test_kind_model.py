"""The kind model: fitted with scikit-learn, run without it (``unspun.kind_model``)."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
from helpers import REPO

from unspun import kind_model
from unspun.errors import ModelError
from unspun.relate import CLASSES, FEATURE_NAMES


def _fit_script():
    spec = importlib.util.spec_from_file_location("fit_relate", REPO / "scripts" / "fit_relate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fixture(n: int = 600, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features with a learnable class (a few informative columns), some missing values."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, len(CLASSES), n)
    x = rng.normal(size=(n, len(FEATURE_NAMES)))
    x[:, :5] += np.eye(len(CLASSES))[y] * 2.0
    x[rng.random(x.shape) < 0.02] = np.nan
    return x, y, rng.uniform(0.5, 2.0, n)


def test_exported_trees_give_scikit_learns_probabilities() -> None:
    pytest.importorskip("sklearn")
    fit = _fit_script()
    x, y, weight = _fixture()
    fitted = fit.fit_trees(x[:400], y[:400], weight[:400], {"learning_rate": 0.1, "max_depth": 4})
    # Through JSON, as the model is shipped.
    exported = json.loads(json.dumps({**fit.export_trees(fitted), "inputs": list(FEATURE_NAMES)}))
    trees = kind_model.node_arrays(exported)
    ours = kind_model.softmax(kind_model.tree_scores(trees, x[400:]))
    np.testing.assert_allclose(ours, fitted.predict_proba(x[400:]), rtol=0, atol=1e-9)
    one = kind_model.softmax(kind_model.tree_scores(trees, x[401]))
    np.testing.assert_allclose(one, ours[1], rtol=0, atol=1e-12)


def test_a_model_fitted_on_other_features_is_refused() -> None:
    trees = kind_model.load_model()["kind_model"]
    kind_model.check_inputs(trees, FEATURE_NAMES)
    with pytest.raises(ModelError, match="fit_relate.py"):
        kind_model.check_inputs(trees, (*FEATURE_NAMES[:-1], "something_else"))


def test_cross_validation_groups_never_split_a_document() -> None:
    fit = _fit_script()
    docs = np.array([("s1", "r1"), ("s2", "r1"), ("s3", "r2"), ("s3", "r3"), ("s4", "r4"),
                     ("s5", "r3")])
    groups = fit.document_groups(docs)
    assert len(set(groups[[0, 1]])) == 1 and len(set(groups[[2, 3, 5]])) == 1
    assert len(set(groups[[0, 2, 4]])) == 3


@pytest.mark.slow
def test_the_shipped_model_is_what_the_fit_script_makes_from_the_data() -> None:
    # ~2.5 minutes on 2 cores: measures every PAN train and news pair again.
    import subprocess
    import sys

    from helpers import shared

    shared("pan13")
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "fit_relate.py"), "--check"],
                         capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
