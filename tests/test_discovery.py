"""Model discovery: GGUF headers, an Ollama store and a Hugging Face cache around the real default model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main
from draft.discovery import default_locations, discover, find_model, params_from_label
from draft.errors import ModelError
from draft.gguf_header import GGUFError, read_header
from draft.guardrails.examples import BASIC_NOTES
from draft.model import DEFAULT_MODEL_PACKAGE, packaged_gguf, resolve_model_path

DEFAULT_GGUF = packaged_gguf(DEFAULT_MODEL_PACKAGE)
needs_model = pytest.mark.skipif(DEFAULT_GGUF is None, reason="the default model package is not installed")
OLLAMA_NAME = "smollm2-test:135m"
HF_REPO = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF"
HF_FILE = "smollm2-135m-instruct-q4_1.gguf"
ROOT = Path(__file__).resolve().parents[1]


def link(source: Path, target: Path) -> None:
    """A hard link (no copy of the 98 MB model), or a symbolic link across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        target.symlink_to(source)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home folder with an Ollama store (manifest + blob) and a Hugging Face cache (snapshot -> blob)."""
    home = tmp_path / "home"
    digest = "sha256-" + "ab" * 32
    store = home / ".ollama" / "models"
    link(DEFAULT_GGUF, store / "blobs" / digest)
    manifest = store / "manifests" / "registry.ollama.ai" / "library" / "smollm2-test" / "135m"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:" + "cd" * 32},
        {"mediaType": "application/vnd.ollama.image.model", "digest": digest.replace("-", ":")},
    ]}))
    hub = home / ".cache" / "huggingface" / "hub" / ("models--" + HF_REPO.replace("/", "--"))
    link(DEFAULT_GGUF, hub / "blobs" / ("ef" * 32))
    snapshot = hub / "snapshots" / ("01" * 20)
    snapshot.mkdir(parents=True)
    (snapshot / HF_FILE).symlink_to(Path("..") / ".." / "blobs" / ("ef" * 32))
    return home


def environment(home: Path) -> dict[str, str | None]:
    return {"HOME": str(home), "OLLAMA_MODELS": None, "HF_HOME": None, "HF_HUB_CACHE": None, "XDG_CACHE_HOME": None,
            "DRAFT_MODEL": None, "DRAFT_BACKEND": None, "DRAFT_CONFIG": str(home / "config.toml")}


@needs_model
def test_the_header_gives_name_parameters_and_quantization_without_loading():
    header = read_header(DEFAULT_GGUF)
    assert header.size_label == "135M"
    assert header.quantization == "Q4_1"
    assert header.architecture == "llama" and header.context_length == 8192
    assert 130_000_000 < header.n_params < 140_000_000  # summed from the tensor shapes


def test_a_file_that_is_not_gguf_or_is_cut_short_is_an_error(tmp_path):
    other = tmp_path / "notes.gguf"
    other.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(GGUFError, match="not a GGUF file"):
        read_header(other)
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(b"GGUF\x03\x00\x00\x00\x01\x00")
    with pytest.raises(GGUFError, match="ends early"):
        read_header(cut)


@needs_model
def test_a_damaged_model_is_listed_with_its_problem_not_a_crash(tmp_path):
    (tmp_path / "models").mkdir()
    with DEFAULT_GGUF.open("rb") as handle:
        (tmp_path / "models" / "broken.gguf").write_bytes(handle.read(5000))
    found = discover(default_locations([tmp_path / "models"], environ={}, home=tmp_path))
    broken = next(m for m in found if m.name == "broken")
    assert broken.problem and "ends early" in broken.problem and broken.quantization is None


def test_parameter_counts_from_names():
    assert params_from_label("qwen2.5:3b") == 3_000_000_000
    assert params_from_label("SmolLM2-135M-Instruct") == 135_000_000
    assert params_from_label("llama3.2:1.5b") == 1_500_000_000
    assert params_from_label("mistral:latest") is None


@needs_model
def test_discovery_finds_the_ollama_store_and_the_hugging_face_cache(home):
    found = discover(default_locations(environ={}, home=home))
    by_name = {m.name: m for m in found}
    ollama = by_name[OLLAMA_NAME]
    assert ollama.source == "ollama" and ollama.path.name.startswith("sha256-") and ollama.quantization == "Q4_1"
    hf = by_name[f"{HF_REPO}/{HF_FILE}"]
    assert hf.source == "huggingface" and hf.params_label == "135M"
    assert by_name["smollm2"].source == "packaged"
    assert find_model("smollm2-test:135m", found) is ollama
    assert find_model(HF_FILE, found) is hf  # a unique file name is enough
    assert find_model("nothing-like-it", found) is None


@needs_model
def test_an_ollama_tag_without_a_tag_means_latest(home):
    manifests = home / ".ollama" / "models" / "manifests" / "registry.ollama.ai" / "library" / "smollm2-test"
    (manifests / "latest").write_text((manifests / "135m").read_text())
    found = discover(default_locations(environ={}, home=home))
    assert find_model("smollm2-test", found).name == "smollm2-test:latest"


@needs_model
def test_draft_models_lists_both_stores(home):
    result = CliRunner().invoke(main, ["models"], env=environment(home))
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert "ollama" in rows[OLLAMA_NAME] and "Q4_1" in rows[OLLAMA_NAME] and "135M" in rows[OLLAMA_NAME]
    assert "huggingface" in rows[f"{HF_REPO}/{HF_FILE}"]


@needs_model
def test_model_names_resolve_through_discovery_and_aliases(home, monkeypatch):
    for key, value in environment(home).items():
        monkeypatch.delenv(key, raising=False) if value is None else monkeypatch.setenv(key, value)
    assert resolve_model_path(OLLAMA_NAME).samefile(DEFAULT_GGUF)
    assert resolve_model_path(None, configured="mine", aliases={"mine": OLLAMA_NAME}).samefile(DEFAULT_GGUF)
    with pytest.raises(ModelError, match="no model named 'qwen9:7b' \\(from --model\\); 'draft models' lists the names"):
        resolve_model_path("qwen9:7b")
    with pytest.raises(ModelError, match="model file does not exist"):
        resolve_model_path("~/missing/model.gguf")


@needs_model
@pytest.mark.e2e
@pytest.mark.parametrize("name", [OLLAMA_NAME, f"{HF_REPO}/{HF_FILE}"])
def test_draft_with_a_discovered_model_by_name(home, tmp_path, name):
    notes = tmp_path / "notes.md"
    notes.write_text(BASIC_NOTES, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "XDG_CACHE_HOME", "DRAFT_MODEL", "DRAFT_BACKEND")}
    env |= {"HOME": str(home), "DRAFT_CONFIG": str(home / "config.toml"), "DRAFT_CACHE_DIR": "off"}
    result = subprocess.run([sys.executable, "-m", "draft", "--notes", str(notes), "--model", name, "--today", "2026-11-20", "--json"],
                            capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["checks_passed"] and data["model"] == Path(find_model(name, discover(default_locations(environ={}, home=home))).path).name
    assert "Dear Dana," in data["text"]


@needs_model
def test_lm_studio_and_the_settings_folders_are_listed_and_resolve(home, monkeypatch):
    link(DEFAULT_GGUF, home / ".lmstudio" / "models" / "bartowski" / "SmolLM2-GGUF" / "SmolLM2-135M-Q4_1.gguf")
    link(DEFAULT_GGUF, home / "my-models" / "tiny-writer.gguf")
    config = home / "config.toml"
    config.write_text('[models]\nfolders = ["~/my-models"]\naliases = { writer = "tiny-writer" }\n', encoding="utf-8")
    for key, value in environment(home).items():
        monkeypatch.delenv(key, raising=False) if value is None else monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["models"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert "lm-studio" in rows["bartowski/SmolLM2-GGUF/SmolLM2-135M-Q4_1.gguf"]
    assert "folder" in rows["tiny-writer"] and "(alias: writer)" in rows["tiny-writer"] and "Q4_1" in rows["tiny-writer"]
    folders = [Path("~/my-models")]
    assert resolve_model_path("bartowski/SmolLM2-GGUF/SmolLM2-135M-Q4_1.gguf").samefile(DEFAULT_GGUF)
    assert resolve_model_path("tiny-writer", folders=folders).samefile(DEFAULT_GGUF)
    assert resolve_model_path(None, configured="writer", aliases={"writer": "tiny-writer"}, folders=folders).samefile(DEFAULT_GGUF)


@needs_model
def test_listing_models_loads_no_model(home):
    # only headers are read: the inference library is never imported to list
    code = ("import sys\nfrom draft.cli import main\ntry:\n    main(['models', '--json'], standalone_mode=False)\n"
            "finally:\n    assert 'llama_cpp' not in sys.modules, 'llama_cpp was imported'\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "XDG_CACHE_HOME")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env | {"HOME": str(home), "DRAFT_CONFIG": str(home / "c.toml")},
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    listed = {m["name"]: m for m in json.loads(result.stdout)}
    assert listed[OLLAMA_NAME]["quantization"] == "Q4_1" and listed[OLLAMA_NAME]["n_params"] > 130_000_000
