"""`import eventwire`: spaCy comes without torch (thinc would import it for layers eventwire never uses),
unless asked. The detector still gets torch when it loads: its tests (tests/events/test_detector.py) load it
in a process that imported eventwire first."""

import os
import subprocess
import sys

PROBE = ("import sys, eventwire.pipeline, thinc.compat; "
         "print('torch' in sys.modules, thinc.compat.has_torch)")


def probe(**environment: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "EVENTWIRE_THINC_TORCH"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env={**env, **environment},
                            timeout=120, check=True)
    return result.stdout.strip()


def test_the_pipeline_imports_spacy_without_torch():
    assert probe() == "False False"


def test_thinc_keeps_its_torch_layers_when_asked():
    assert probe(EVENTWIRE_THINC_TORCH="1") == "True True"

