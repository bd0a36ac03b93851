"""
One job: a WAV file in, its speech as JSON segments out. Run by activities/classifiers/speech/
transcriber.ts with the speech model's Python environment (scripts/setup/speech-model.mjs).

    python transcribe.py MODEL_DIR AUDIO.wav

Prints one JSON object on stdout:
    {"language": "en", "languageProbability": 0.97, "segments": [{"start": 0.0, "end": 2.7, "text": "..."}]}
with times in seconds from the start of the audio. Exit code 2 with one line on stderr when the model
or the audio cannot be read.

faster-whisper (MIT) runs the CTranslate2 conversion of Whisper on the CPU with int8 weights. Its
voice activity filter (Silero VAD, shipped inside the faster-whisper package) skips stretches without
speech first: Whisper, given music or tones alone, tends to write words nobody said ("Thank you."),
and on a generated clip those would be screened as if spoken. Greedy decoding (beam 1) and no
conditioning on the previous segment keep one clip's run short and stop a mistaken segment from
steering the next one.
"""
import json
import os
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print('usage: transcribe.py MODEL_DIR AUDIO.wav', file=sys.stderr)
        return 2
    model_dir, audio = sys.argv[1], sys.argv[2]
    try:
        from faster_whisper import WhisperModel, decode_audio
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except Exception as error:
        print(f'faster-whisper could not be imported: {error}', file=sys.stderr)
        return 2
    try:
        samples = decode_audio(audio, sampling_rate=16000)
    except Exception as error:
        print(f'the audio {audio} could not be read: {error}', file=sys.stderr)
        return 2
    # Most generated clips carry music and no speech: when the voice activity filter finds none, the
    # model is never loaded (about a second saved per clip).
    if not get_speech_timestamps(samples, VadOptions()):
        json.dump({'language': None, 'languageProbability': 0, 'segments': []}, sys.stdout)
        return 0
    try:
        threads = int(os.environ.get('LOUPE_SPEECH_THREADS', '1'))
        model = WhisperModel(model_dir, device='cpu', compute_type='int8', cpu_threads=threads)
    except Exception as error:  # the model folder is missing or damaged: the caller names the gap
        print(f'the speech model in {model_dir} could not be loaded: {error}', file=sys.stderr)
        return 2
    try:
        segments, info = model.transcribe(
            samples, beam_size=1, vad_filter=True, condition_on_previous_text=False,
        )
        out = [{'start': round(s.start, 3), 'end': round(s.end, 3), 'text': s.text.strip()} for s in segments if s.text.strip()]
    except Exception as error:
        print(f'the audio {audio} could not be transcribed: {error}', file=sys.stderr)
        return 2
    json.dump({'language': info.language, 'languageProbability': round(info.language_probability, 4), 'segments': out}, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
