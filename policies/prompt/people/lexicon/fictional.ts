/**
 * Names that look like a person's but are not a living person whose likeness needs consent:
 * fictional characters and folk figures, and historical people who died long ago (public domain in
 * most countries: more than 70 years after death, the usual term of copyright and of most
 * post-mortem personality rights). A detected name equal to one of these is not sent to review as
 * a real person; copyrighted characters are still judged by the copyright rules and registry.
 *
 * Source: written for Loupe from general knowledge (world literature, film and animation,
 * Indonesian folklore and wayang, and people who died before 1955); no list was copied. License:
 * same as the Loupe repository. Folded lower case, words separated by one space.
 */

const FICTIONAL =
  'harry potter,hermione granger,ron weasley,lord voldemort,sherlock holmes,john watson,hercule poirot,james bond,mickey mouse,minnie mouse,donald duck,' +
  'bugs bunny,daffy duck,peter pan,tinker bell,santa claus,father christmas,winnie the pooh,darth vader,luke skywalker,han solo,princess leia,' +
  'bruce wayne,clark kent,peter parker,tony stark,lara croft,indiana jones,frodo baggins,bilbo baggins,captain jack sparrow,jack sparrow,' +
  'captain america,wonder woman,spider man,iron man,super mario,mario,luigi,sonic the hedgehog,homer simpson,bart simpson,shrek,elsa,olaf,' +
  'cinderella,snow white,sleeping beauty,little red riding hood,alice in wonderland,robin hood,king arthur,merlin,dracula,count dracula,frankenstein,' +
  'dorothy gale,tom sawyer,huckleberry finn,oliver twist,ebenezer scrooge,romeo,juliet,hamlet,don quixote,gandalf,hello kitty,pikachu,doraemon,nobita,' +
  'sailor moon,son goku,naruto uzumaki,monkey d luffy,spongebob squarepants,patrick star,the cat in the hat,paddington bear,' +
  'si kancil,kancil,si unyil,unyil,pak raden,gatotkaca,arjuna,bima,semar,petruk,gareng,bagong,hanoman,rama,sinta,rahwana,malin kundang,sangkuriang,' +
  'dayang sumbi,roro jonggrang,bawang merah,bawang putih,timun mas,nyi roro kidul,jaka tarub,lutung kasarung,upin,ipin,upin ipin,wiro sableng,' +
  'si pitung,gundala,si buta dari gua hantu,keluarga cemara,jaka sembung';

const HISTORICAL =
  'cleopatra,julius caesar,napoleon,napoleon bonaparte,alexander the great,genghis khan,leonardo da vinci,michelangelo,william shakespeare,shakespeare,' +
  'isaac newton,galileo,galileo galilei,charles darwin,albert einstein,einstein,marie curie,nikola tesla,thomas edison,abraham lincoln,george washington,' +
  'thomas jefferson,benjamin franklin,queen victoria,joan of arc,vincent van gogh,van gogh,ludwig van beethoven,beethoven,wolfgang amadeus mozart,mozart,' +
  'johann sebastian bach,bach,frida kahlo,claude monet,rembrandt,pablo picasso,picasso,sigmund freud,karl marx,confucius,socrates,plato,aristotle,buddha,' +
  'christopher columbus,marco polo,florence nightingale,mahatma gandhi,gandhi,winston churchill,franklin roosevelt,king tut,tutankhamun,' +
  'diponegoro,pangeran diponegoro,kartini,ra kartini,raden ajeng kartini,cut nyak dhien,gajah mada,hayam wuruk,ken arok,ken dedes,sultan hasanuddin,' +
  'imam bonjol,tuanku imam bonjol,pattimura,ki hajar dewantara,teuku umar,sisingamangaraja,dewi sartika';

/** Fictional, folk and long-dead historical names (folded lower case). */
export const FICTIONAL_OR_HISTORICAL: ReadonlySet<string> = new Set([...FICTIONAL.split(','), ...HISTORICAL.split(',')]);
