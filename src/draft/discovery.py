"""Model discovery: every GGUF model ``draft`` can use, found where people already keep them.

* the packaged models (``smollm2``, and ``gemma`` when its packages are installed);
* Ollama's store (``$OLLAMA_MODELS`` or ``~/.ollama/models``): a manifest per tag names
  the blob holding the GGUF file, so ``qwen2.5:3b`` is a name here;
* the Hugging Face hub cache (``$HF_HUB_CACHE``, ``$HF_HOME/hub``, ``~/.cache/huggingface/hub``):
  ``*.gguf`` files in each repository's snapshots, named ``org/repo/file.gguf``;
* LM Studio's folders (``~/.lmstudio/models``, ``~/.cache/lm-studio/models``);
* the folders listed in the settings (``[models] folders``).

Nothing is downloaded and nothing is loaded: each file's header is read for its name,
parameter count and quantization (:mod:`draft.gguf_header`).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from draft.errors import DraftError
from draft.files import read_text
from draft.gguf_header import GGUFError, read_header

OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"
OLLAMA_DEFAULT_REGISTRY = "registry.ollama.ai"
_LATER_SPLIT_PART = re.compile(r"-0*([2-9]|\d{2,})-of-\d+\.gguf$", re.IGNORECASE)
_SIZE_IN_NAME = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([mb])(?![a-z])", re.IGNORECASE)
MAX_FOLDER_DEPTH = 6


class ModelInfo(BaseModel):
    """One model file: what ``draft models`` prints and what ``--model NAME`` resolves to."""

    name: str
    path: Path
    source: str  # packaged | ollama | huggingface | lm-studio | folder
    size_bytes: int
    n_params: int | None = None
    quantization: str | None = None
    architecture: str | None = None
    context_length: int | None = None
    problem: str | None = None  # the header could not be read

    @property
    def params_label(self) -> str:
        if not self.n_params:
            return "?"
        return f"{self.n_params / 1e9:.1f}B" if self.n_params >= 1e9 else f"{self.n_params / 1e6:.0f}M"


class Location(BaseModel):
    """Where discovery looks: one folder per source (from the environment and the home folder)."""

    ollama: Path
    huggingface: Path
    lm_studio: list[Path]
    folders: list[Path] = []


def default_locations(folders: list[Path] | None = None, environ: dict[str, str] | None = None, home: Path | None = None) -> Location:
    environ = os.environ if environ is None else environ
    home = home or Path(environ.get("HOME") or Path.home())
    if environ.get("HF_HUB_CACHE"):
        hf = Path(environ["HF_HUB_CACHE"])
    elif environ.get("HF_HOME"):
        hf = Path(environ["HF_HOME"]) / "hub"
    else:
        hf = Path(environ.get("XDG_CACHE_HOME") or home / ".cache") / "huggingface" / "hub"
    return Location(
        ollama=Path(environ.get("OLLAMA_MODELS") or home / ".ollama" / "models").expanduser(),
        huggingface=hf.expanduser(),
        lm_studio=[home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"],
        folders=[Path(f).expanduser() for f in folders or []],
    )


def describe_file(
    name: str, path: Path, source: str, header_path: Path | None = None, size_bytes: int | None = None, headers: bool = True,
) -> ModelInfo:
    """A :class:`ModelInfo` from the file's header (unless ``headers`` is False); a damaged header is reported, not raised."""
    try:
        size = size_bytes if size_bytes is not None else path.stat().st_size
    except OSError:
        size = 0
    info = ModelInfo(name=name, path=path, source=source, size_bytes=size)
    if not headers:
        return info
    try:
        header = read_header(header_path or path)
    except (GGUFError, OSError) as error:  # one bad file is reported in its row; it never hides the others
        info.problem = str(error)
        return info
    info.n_params = header.n_params or params_from_label(header.size_label or "")
    info.quantization = header.quantization
    info.architecture = header.architecture
    info.context_length = header.context_length
    return info


def params_from_label(text: str) -> int | None:
    """'135M' -> 135_000_000, 'qwen2.5:3b' -> 3_000_000_000; None when the text names no size."""
    match = _SIZE_IN_NAME.search(text)
    if not match:
        return None
    return int(float(match.group(1)) * (1e6 if match.group(2).lower() == "m" else 1e9))


def packaged(headers: bool = True) -> Iterator[ModelInfo]:
    from draft.model import DEFAULT_MODEL_PACKAGE, GEMMA_PACKAGE, packaged_gguf

    path = packaged_gguf(DEFAULT_MODEL_PACKAGE)
    if path is not None and path.exists():
        yield describe_file("smollm2", path, "packaged", headers=headers)
    parts = []
    for index in range(1, 5):
        try:
            dist = importlib.metadata.distribution(f"{GEMMA_PACKAGE}-part{index}")
        except importlib.metadata.PackageNotFoundError:
            return
        parts += [Path(str(dist.locate_file(f))) for f in dist.files or [] if ".gguf.part" in str(f)]
    parts.sort(key=lambda p: p.name)
    if parts:  # the first chunk holds the header; 'draft --model gemma' joins the chunks on first use
        total = sum(p.stat().st_size for p in parts if p.exists())
        yield describe_file("gemma", parts[0].parent, "packaged", header_path=parts[0], size_bytes=total, headers=headers)


def ollama_name(manifest: Path, root: Path) -> str:
    """manifests/registry.ollama.ai/library/qwen2.5/3b -> 'qwen2.5:3b'; other namespaces and hosts keep their prefix."""
    registry, namespace, *model, tag = manifest.relative_to(root).parts
    name = "/".join(model)
    if namespace != "library":
        name = f"{namespace}/{name}"
    if registry != OLLAMA_DEFAULT_REGISTRY:
        name = f"{registry}/{name}"
    return f"{name}:{tag}"


def ollama(root: Path, headers: bool = True) -> Iterator[ModelInfo]:
    manifests = root / "manifests"
    if not manifests.is_dir():
        return
    for manifest in sorted(p for p in manifests.rglob("*") if p.is_file()):
        try:
            layers = json.loads(read_text(manifest, DraftError, "an Ollama manifest") or "").get("layers", [])
        except (DraftError, ValueError, AttributeError):
            continue
        digest = next((layer.get("digest") for layer in layers if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_MODEL_LAYER), None)
        if not isinstance(digest, str):
            continue
        blob = root / "blobs" / digest.replace(":", "-")
        if blob.is_file():
            name = ollama_name(manifest, manifests)
            info = describe_file(name, blob, "ollama", headers=headers)
            info.n_params = info.n_params or params_from_label(name)
            yield info


def huggingface(root: Path, headers: bool = True) -> Iterator[ModelInfo]:
    if not root.is_dir():
        return
    for repo in sorted(root.glob("models--*")):
        snapshots = sorted((s for s in (repo / "snapshots").glob("*") if s.is_dir()), key=_mtime, reverse=True)
        seen: set[str] = set()
        for snapshot in snapshots:  # newest first; an older snapshot's copy of the same file is skipped
            for file in sorted(snapshot.rglob("*.gguf")):
                relative = file.relative_to(snapshot).as_posix()
                if relative in seen or _LATER_SPLIT_PART.search(file.name) or not file.is_file():
                    continue
                seen.add(relative)
                repo_id = repo.name.removeprefix("models--").replace("--", "/")
                yield describe_file(f"{repo_id}/{relative}", file, "huggingface", headers=headers)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def gguf_files(root: Path, depth: int = MAX_FOLDER_DEPTH) -> Iterator[Path]:
    """``*.gguf`` files under ``root``, at most ``depth`` folders down (first parts of split files only)."""
    if depth < 0 or not root.is_dir():
        return
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            yield from gguf_files(entry, depth - 1)
        elif entry.suffix.lower() == ".gguf" and not _LATER_SPLIT_PART.search(entry.name) and entry.is_file():
            yield entry  # a regular file (or a link to one): a named pipe or a device is never opened


def folder(root: Path, source: str, headers: bool = True) -> Iterator[ModelInfo]:
    for file in gguf_files(root):
        name = file.relative_to(root).as_posix() if source == "lm-studio" else file.stem
        yield describe_file(name, file, source, headers=headers)


def discover(locations: Location | None = None, headers: bool = True) -> list[ModelInfo]:
    """Every model found, in source order: packaged, Ollama, Hugging Face, LM Studio, settings folders.

    ``headers=False`` only names them (resolving ``--model NAME`` needs no more)."""
    locations = locations or default_locations()
    found = [*packaged(headers), *ollama(locations.ollama, headers), *huggingface(locations.huggingface, headers)]
    for root in locations.lm_studio:
        found += folder(root, "lm-studio", headers)
    for root in locations.folders:
        found += folder(root, "folder", headers)
    return found


def find_model(name: str, models: list[ModelInfo]) -> ModelInfo | None:
    """The model ``name`` names: an exact name, an Ollama name without ':latest', or a unique file name or stem."""
    wanted = name.strip().lower()
    for candidate in (wanted, f"{wanted}:latest"):
        exact = [m for m in models if m.name.lower() == candidate]
        if exact:
            return exact[0]
    by_file = [m for m in models if m.path.name.lower() == wanted or m.path.stem.lower() == wanted or m.name.lower().endswith("/" + wanted)]
    return by_file[0] if len(by_file) == 1 else None


__all__ = ["Location", "ModelInfo", "default_locations", "discover", "find_model", "params_from_label"]
