"""`import eventwire`: spaCy comes without torch (thinc would import it for layers eventwire never uses),
unless asked; the detector still gets torch when it loads."""

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


def test_torch_still_imports_after_thinc_went_without_it():
    script = ("import sys, eventwire.pipeline, thinc.compat; assert not thinc.compat.has_torch; "
              "import torch; print(torch.tensor([1, 2]).sum().item())")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "3"
