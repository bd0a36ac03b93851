/**
 * Benign phrases that contain flagged words. A match lying entirely inside one of these phrases is
 * suppressed for the listed categories only, and the console shows which phrase suppressed it.
 * Phrases never suppress sexual_minors (compilePolicy enforces this).
 * Source: written for Loupe. License: same as the Loupe repository.
 */
import type { AllowGroup, TermSource } from '../types.js';

export const ALLOW_SOURCE: TermSource = { list: 'allow', source: 'written for Loupe', license: 'project license' };

export const ALLOW_GROUPS: AllowGroup[] = [
  {
    id: 'allow.sports_film.en',
    lang: 'en',
    suppresses: ['violence_graphic'],
    terms: [
      '{shoot,shoots,shooting,shot} {a,the,some} {basketball,ball,hoop,hoops,goal,puck,arrow,free throw,three-pointer,jump shot}',
      '{shoot,shooting} hoops', 'photo shoot*', 'film shoot*', 'video shoot*', 'fashion shoot*', 'shooting star*',
      '{shoot,shooting,shoots} {a,the,my,our} {video,film,movie,scene,photo,photos,commercial,music video,vlog,documentary,timelapse}',
      'shooting {a,the} {video,film,movie,scene,commercial}', 'killer whale*', 'killer app*', 'killer heels', 'killing it',
      'kill time', 'killing time', 'dressed to kill', 'kill the lights', 'pillow fight*', 'food fight*', 'snowball fight*',
      'fight scene choreography', 'blood orange*', 'blood moon', 'blood donation', 'blood drive', 'blood test*', 'blood type',
      'once in a blue moon', 'murder mystery', 'murder mystery party', 'murder mystery novel',
    ],
  },
  {
    id: 'allow.computing.en',
    lang: 'en',
    suppresses: ['violence_graphic'],
    terms: [
      'kill {a,the,this} {process,job,task,server,thread,container,pod,session,tab,app}', 'kill -9', 'kill command', 'kill switch',
      'kill the process', 'killing the process', 'killed the process', 'abort the build',
    ],
  },
  {
    id: 'allow.medical.en',
    lang: 'en',
    suppresses: ['sexual', 'self_harm', 'violence_graphic', 'illegal_weapons_drugs', 'signal:minor'],
    terms: [
      'breast cancer*', 'breast {exam,examination,self-exam,self exam,screening,feeding,pump,reconstruction,ultrasound}',
      'breastfeeding', 'breast-feeding', '{testicular,cervical,ovarian,penile,prostate} cancer', 'vaginal {birth,delivery,ultrasound}',
      'sex education', 'sex ed', 'safe sex education', 'sexual health', 'sexual health clinic', 'sex of the baby', 'sex chromosome*',
      'suicide {prevention,awareness,hotline,helpline,crisis line,prevention hotline}', 'suicide prevention month',
      'self-harm {awareness,prevention,recovery,support}', 'self harm {awareness,prevention,recovery,support}',
      'overdose {prevention,awareness,reversal}', 'naloxone for overdose', 'gunshot wound {treatment,care,surgery}',
      'drug {rehab,rehabilitation,prevention,education,awareness}', 'say no to drugs', 'anti-drug campaign', 'anti drug campaign',
      'nude mole rat*', 'naked mole rat*', 'naked eye', 'rapeseed oil', 'e. coli', 'e coli', 'sex on the beach {cocktail,cocktails,drink}', 'suicide doors', 'suicide squeeze',
    ],
  },
  {
    id: 'allow.history.en',
    lang: 'en',
    suppresses: ['extremism', 'violence_graphic', 'hate_harassment'],
    terms: [
      'nazi germany', 'nazi {era,occupation,regime,party,invasion}', '{fight,fighting,defeat,defeating,defeated,against} the nazis',
      'anti-nazi', 'anti nazi', 'nuremberg trials', 'holocaust {memorial,museum,survivor,survivors,remembrance,education}',
      '{world war ii,world war 2,ww2,wwii,second world war} {documentary,history,museum,memorial,reenactment}',
      '{history,documentary} of the {ku klux klan,kkk}', 'civil rights movement', '{rwandan,armenian,bosnian,cambodian} genocide {memorial,history,documentary,remembrance}',
      'genocide {memorial,remembrance,museum}', 'boston massacre', 'spic and span',
    ],
  },
  {
    id: 'allow.everyday_words_that_are_surnames.en',
    lang: 'en',
    suppresses: ['public_figure', 'real_person'],
    terms: [
      'trump {card,cards,suit,suits}', '{play,played,plays,playing} {a,the,his,her,their,my} trump', 'trumped up', 'no trumps',
      '{a,the} bush {fire,fires,walk,hat,pilot,pilots,camp,tucker}', '{a,the,rose,berry,blueberry,green,thorny} bush',
      'behind the bush', '{burning,small,big} bush',
    ],
    note: 'Registry aliases that are also everyday English words (a surname used alone, such as "Trump" or "Bush"): the word inside these phrases is the card game or the plant, not the person; the full name is never suppressed.',
  },
  {
    id: 'allow.medical_history.id',
    lang: 'id',
    suppresses: ['sexual', 'self_harm', 'violence_graphic', 'illegal_weapons_drugs', 'extremism'],
    terms: [
      'kanker payudara', '{pemeriksaan,periksa} payudara', 'periksa payudara sendiri', 'pendidikan seks', 'edukasi seks',
      'kesehatan seksual', 'kesehatan reproduksi', 'pencegahan bunuh diri', 'layanan pencegahan bunuh diri', 'hotline pencegahan bunuh diri',
      '{bahaya,anti,penyuluhan,rehabilitasi,pencegahan} narkoba', 'rehabilitasi narkotika', 'donor darah', 'golongan darah',
      'tes darah', 'tekanan darah', 'jerman nazi', 'sejarah perang dunia', 'museum holocaust', 'bunuh {proses,aplikasi}', 'tembak bola',
    ],
  },
  {
    id: 'allow.not_minor.id',
    lang: 'id',
    suppresses: ['signal:minor'],
    terms: ['anak {muda,kos,kost,kuliah,buah,perusahaan,tangga,sungai,panah,kunci}', 'anak-anak muda'],
    note: '"anak" is "child", but also "young people" (anak muda), "boarder" (anak kos) and parts of compounds.',
  },
];
