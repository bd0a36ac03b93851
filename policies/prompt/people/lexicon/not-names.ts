/**
 * Capitalised words that are not part of a person's name, in English and Indonesian:
 * function words (a prompt's first word is capitalised), titles (they announce a name but are not
 * one), and words that make a capitalised span a place, a building or an organisation ("Lincoln
 * Park", "Jalan Sudirman", "Washington Square", "Gunung Bromo").
 *
 * Source: written for Loupe (English and Indonesian grammar and Indonesian address conventions:
 * Jalan/Jl., Gang, Kota, Kabupaten...). License: same as the Loupe repository. Lower case, folded.
 */

const FUNCTION_WORDS_EN =
  'a,an,the,and,or,but,of,in,on,at,to,for,with,without,from,by,as,into,onto,over,under,near,after,before,during,while,when,where,who,what,which,why,how,' +
  'this,that,these,those,my,your,his,her,its,our,their,me,him,them,us,i,you,he,she,it,we,they,is,are,was,were,be,being,been,am,not,no,yes,very,just,' +
  'make,create,generate,show,draw,render,video,clip,scene,shot,film,photo,picture,image,style,cinematic,realistic,please,then,also,some,any,all,every,' +
  'one,two,three,new,old,big,small,little,young,happy,sad,funny,cute,real,fake,fictional,famous,like,looks,lookalike,parody,news,live,breaking,' +
  'monday,tuesday,wednesday,thursday,friday,saturday,sunday,january,february,march,april,may,june,july,august,september,october,november,december,' +
  'christmas,easter,halloween,ramadan,lebaran,idul,fitri,god,allah,jesus,' +
  // Art movements read as "a given name and a family name" ("Art Nouveau", "Art Deco").
  'art,deco,nouveau';

const FUNCTION_WORDS_ID =
  'dan,atau,tapi,di,ke,dari,yang,dengan,untuk,pada,dalam,oleh,sebagai,seperti,mirip,ala,kembaran,ini,itu,saya,aku,kamu,dia,mereka,kami,kita,' +
  'sedang,lagi,sambil,akan,sudah,belum,tidak,bukan,juga,saat,ketika,waktu,buat,bikin,buatkan,tolong,video,klip,adegan,gaya,versi,berita,parodi,' +
  'seorang,sebuah,para,sang,si,naik,makan,minum,jalan-jalan,menari,bernyanyi,berpidato,tertawa,lucu,baru,tua,muda,besar,kecil';

/**
 * Titles and forms of address, family ones included: "President Macron", "Pak Jokowi", "Bu Mega",
 * "Aunt Mary". A title followed by a name is evidence of a person unless the name is an everyday
 * given name ("Aunt Mary", "Pak Budi"); the title itself is not part of the name.
 */
export const TITLES: ReadonlySet<string> = new Set(
  (
    'mr,mrs,ms,miss,dr,prof,sir,dame,lord,lady,king,queen,prince,princess,president,vice,pres,senator,sen,governor,gov,mayor,minister,premier,chancellor,' +
    'general,gen,captain,capt,pope,saint,st,judge,rev,reverend,sheikh,emir,sultan,' +
    'aunt,auntie,uncle,grandma,grandpa,granny,grandmother,grandfather,nana,cousin,' +
    'pak,bu,bapak,ibu,mas,mbak,bang,kak,om,tante,nenek,kakek,paman,bibi,presiden,wapres,menteri,gubernur,bupati,walikota,wali,jenderal,haji,hajjah,ustaz,ustadz,kyai,kiai,habib'
  ).split(','),
);

/**
 * Words that turn a capitalised span into a place or an organisation: a span containing one is not
 * a person ("Lincoln Park", "Jalan Sudirman", "Universitas Indonesia").
 */
export const PLACE_WORDS: ReadonlySet<string> = new Set(
  (
    'park,square,street,st,road,rd,avenue,ave,boulevard,blvd,lane,drive,way,highway,bridge,tower,towers,building,station,airport,mall,plaza,center,centre,' +
    'museum,gallery,library,university,college,school,academy,institute,hospital,hotel,restaurant,cafe,bar,stadium,arena,church,cathedral,mosque,temple,' +
    'palace,castle,monument,memorial,beach,bay,lake,river,mountain,mount,mt,hill,hills,valley,island,islands,forest,desert,falls,canyon,ocean,sea,coast,' +
    'city,town,village,county,state,province,district,harbor,harbour,port,market,garden,gardens,zoo,street,company,inc,corp,ltd,studios,records,club,fc,' +
    'united,party,bank,airlines,times,post,news,tv,channel,church,hall,house,white,' +
    'jalan,jl,gang,gg,kota,kabupaten,kecamatan,desa,kampung,kelurahan,provinsi,pulau,gunung,danau,sungai,pantai,teluk,selat,pasar,masjid,gereja,pura,' +
    'candi,istana,monas,taman,lapangan,stasiun,bandara,terminal,universitas,sekolah,rumah,sakit,hotel,kantor,gedung,alun,tugu,museum,toko,warung,pt,cv'
  ).split(','),
);

/** Capitalised words that never belong to a person's name here (first word of a prompt, function words). */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set([...FUNCTION_WORDS_EN.split(','), ...FUNCTION_WORDS_ID.split(',')]);

/**
 * Lower-case particles inside names ("Ludwig van Beethoven", "Abdullah bin Zayed"): they do not end a
 * name span. Not "di" or "da": in Indonesian they are prepositions ("Prabowo di Monas").
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set('van,von,de,der,den,del,della,du,la,le,bin,binti,al,el,ibn,dos'.split(','));
