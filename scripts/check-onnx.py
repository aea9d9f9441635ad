#!/usr/bin/env python3
"""Runs the ONNX checker on files written by `sgd export --format onnx` (docs/export.md).

Needs the Python `onnx` package (Debian: apt-get install python3-onnx; else pip install onnx);
it is not part of the test suite, which has no Python dependencies.
    python3 scripts/check-onnx.py runs/moons/model.onnx test/fixtures/export/*.onnx
For each file: onnx.checker.check_model(full_check=True), then strict shape inference; prints the
IR version, opset, operators and the output's type and shape, and exits 1 if any file fails.
"""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        out = inferred.graph.output[0]
        dims = [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]
        ops = " ".join(n.op_type for n in model.graph.node)
        print(f"ok  {path}: IR {model.ir_version}, opset {model.opset_import[0].version}, {ops} -> "
              f"{out.name} {onnx.TensorProto.DataType.Name(out.type.tensor_type.elem_type)} {dims}")
    except Exception as e:  # the checker raises several kinds
        failed += 1
        print(f"BAD {path}: {e}")
sys.exit(1 if failed else 0)
