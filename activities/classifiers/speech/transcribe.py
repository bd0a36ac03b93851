"""
The speech model's worker process: WAV files in, their speech as JSON segments out. Run by
activities/classifiers/speech/transcriber.ts with the speech model's Python environment
(scripts/setup/speech-model.mjs), once per Loupe worker, so the libraries and the model load once.

    python transcribe.py --serve MODEL_DIR     one job per line on stdin, one answer per line on stdout
    python transcribe.py MODEL_DIR AUDIO.wav   one file, by hand

A job is {"id": 1, "audio": "/path/to.wav"}; its answer is {"id": 1, "ok": TRANSCRIPT} or
{"id": 1, "error": "one sentence"}. TRANSCRIPT is
    {"language": "en", "languageProbability": 0.97, "segments": [{"start": 0.0, "end": 2.7, "text": "..."}]}
with times in seconds from the start of the audio (language null when no speech was heard). By hand,
the transcript is printed, or the sentence on stderr with exit code 2.

faster-whisper (MIT) runs the CTranslate2 conversion of Whisper on the CPU with int8 weights. Its
voice activity filter (Silero VAD, shipped inside the faster-whisper package) skips stretches without
speech first: Whisper, given music or tones alone, tends to write words nobody said ("Thank you."),
and on a generated clip those would be screened as if spoken; when it finds no speech at all, the
model is not run. Greedy decoding (beam 1) and no conditioning on the previous segment keep a clip's
run short and stop a mistaken segment from steering the next one. Segments are cut into sentences by
their words' times (sentences()).
"""
import json
import os
import sys

SENTENCE_END = ('.', '?', '!', '。', '？', '！')


class JobError(Exception):
    """A job that cannot be done, with the one sentence the caller shows."""


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


class Transcriber:
    """The libraries at once, the model on the first clip that has speech."""

    def __init__(self, model_dir):
        try:
            from faster_whisper import WhisperModel, decode_audio
            from faster_whisper.vad import VadOptions, get_speech_timestamps
        except Exception as error:
            raise JobError(f'faster-whisper could not be imported: {error}')
        self.model_dir = model_dir
        self.model = None
        self.WhisperModel, self.decode_audio = WhisperModel, decode_audio
        self.VadOptions, self.get_speech_timestamps = VadOptions, get_speech_timestamps

    def transcribe(self, audio):
        try:
            samples = self.decode_audio(audio, sampling_rate=16000)
        except Exception as error:
            raise JobError(f'the audio {audio} could not be read: {error}')
        if not self.get_speech_timestamps(samples, self.VadOptions()):
            return {'language': None, 'languageProbability': 0, 'segments': []}
        if self.model is None:
            try:
                threads = int(os.environ.get('LOUPE_SPEECH_THREADS', '1'))
                self.model = self.WhisperModel(self.model_dir, device='cpu', compute_type='int8', cpu_threads=threads)
            except Exception as error:  # the model folder is missing or damaged: the caller names the gap
                raise JobError(f'the speech model in {self.model_dir} could not be loaded: {error}')
        try:
            segments, info = self.model.transcribe(
                samples, beam_size=1, vad_filter=True, condition_on_previous_text=False, word_timestamps=True,
            )
            out = sentences(segments)
        except Exception as error:
            raise JobError(f'the audio {audio} could not be transcribed: {error}')
        return {'language': info.language, 'languageProbability': round(info.language_probability, 4), 'segments': out}


def serve(model_dir):
    try:
        transcriber = Transcriber(model_dir)
        startup_error = None
    except JobError as error:
        transcriber, startup_error = None, str(error)
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            if transcriber is None:
                raise JobError(startup_error)
            answer = {'id': job['id'], 'ok': transcriber.transcribe(job['audio'])}
        except JobError as error:
            answer = {'id': job['id'], 'error': str(error)}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == '--serve':
        return serve(sys.argv[2])
    if len(sys.argv) != 3:
        print('usage: transcribe.py --serve MODEL_DIR | transcribe.py MODEL_DIR AUDIO.wav', file=sys.stderr)
        return 2
    try:
        json.dump(Transcriber(sys.argv[1]).transcribe(sys.argv[2]), sys.stdout)
        return 0
    except JobError as error:
        print(str(error), file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
