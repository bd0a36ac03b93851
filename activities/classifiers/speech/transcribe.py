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
steering the next one. Segments are cut into sentences by word times (sentences()).
"""
import json
import os
import sys


SENTENCE_END = ('.', '?', '!', '。', '？', '！')


def sentences(segments):
    """
    Whisper's segments cut into sentences by their words' times: Whisper often returns two or three
    sentences as one segment, and a reviewer needs the span of the sentence that matters on the
    clip's timeline, not of the whole stretch of speech.
    """
    out = []
    for segment in segments:
        words = segment.words or []
        if not words:
            if segment.text.strip():
                out.append({'start': round(segment.start, 3), 'end': round(segment.end, 3), 'text': segment.text.strip()})
            continue
        current = []
        for word in words:
            current.append(word)
            if word.word.strip().endswith(SENTENCE_END):
                out.append(joined(current))
                current = []
        if current:
            out.append(joined(current))
    return [s for s in out if s['text']]


def joined(words):
    return {'start': round(words[0].start, 3), 'end': round(words[-1].end, 3), 'text': ''.join(w.word for w in words).strip()}


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
            samples, beam_size=1, vad_filter=True, condition_on_previous_text=False, word_timestamps=True,
        )
        out = sentences(segments)
    except Exception as error:
        print(f'the audio {audio} could not be transcribed: {error}', file=sys.stderr)
        return 2
    json.dump({'language': info.language, 'languageProbability': round(info.language_probability, 4), 'segments': out}, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
