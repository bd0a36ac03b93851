/**
 * Everyday given names, English-speaking and Indonesian. A given name alone ("my friend Sarah",
 * "Budi makan nasi", "a dog named Max") names nobody in particular and stays allowed; a given name
 * followed by a capitalised family name ("Sarah Connor", "Joko Widodo") is evidence of a full
 * person name.
 *
 * Source: written for Loupe from general knowledge of common first names (the kind listed in the
 * US Social Security Administration's popular-names tables and in Indonesian naming customs,
 * including Javanese single names and Arabic-derived names); no list was copied. License: same as
 * the Loupe repository. Lower case, folded (no diacritics).
 */

const ENGLISH =
  'aaron,abby,abigail,adam,adrian,aidan,alan,albert,alex,alexander,alexandra,alice,alicia,alison,allison,amanda,amber,amelia,amy,andrea,andrew,andy,angela,' +
  'anna,anne,annie,anthony,april,ariana,ashley,austin,ava,barbara,ben,benjamin,beth,betty,bill,billy,blake,bob,bobby,brad,bradley,brandon,brenda,brian,' +
  'brittany,brooke,bruce,bryan,caleb,cameron,carl,carlos,carol,caroline,carter,catherine,charles,charlie,charlotte,chelsea,cheryl,chloe,chris,christian,' +
  'christina,christine,christopher,cindy,claire,clara,cody,colin,connor,courtney,craig,crystal,cynthia,dan,daniel,danielle,danny,david,dean,deborah,debra,' +
  'dennis,derek,diana,diane,donald,donna,doris,dorothy,douglas,dylan,ed,eddie,edward,elaine,eleanor,elena,eli,elijah,elizabeth,ella,ellen,ellie,elon,emily,' +
  'emma,eric,erica,erin,ethan,eva,evan,evelyn,frank,gabriel,gary,george,gerald,gloria,grace,greg,gregory,hailey,hannah,harold,harry,heather,helen,henry,' +
  'holly,ian,isaac,isabella,jack,jackson,jacob,jake,james,jamie,jane,janet,jason,jeff,jeffrey,jennifer,jenny,jeremy,jerry,jesse,jessica,jill,jim,jimmy,joan,' +
  'joe,joel,john,johnny,jon,jonathan,jordan,jose,joseph,josh,joshua,joyce,juan,judith,judy,julia,julian,julie,justin,karen,kate,katherine,kathleen,kathy,' +
  'katie,kayla,keith,kelly,ken,kenneth,kevin,kim,kimberly,kyle,laura,lauren,leah,lee,leo,liam,lily,linda,lisa,logan,lucas,lucy,luis,luke,lydia,madison,maria,' +
  'marie,mark,martha,martin,mary,mason,matt,matthew,max,megan,melissa,michael,michelle,mike,molly,morgan,nancy,natalie,nathan,nicholas,nick,nicole,noah,' +
  'oliver,olivia,oscar,owen,pamela,patricia,patrick,paul,paula,peter,phil,philip,rachel,ralph,randy,rebecca,richard,rick,rob,robert,robin,roger,ronald,rose,' +
  'roy,ruby,russell,ruth,ryan,sam,samantha,samuel,sandra,sara,sarah,scott,sean,sharon,shirley,sophia,sophie,stephanie,stephen,steve,steven,susan,taylor,' +
  'teresa,terry,thomas,tiffany,tim,timothy,tina,todd,tom,tommy,tony,tracy,travis,tyler,valerie,victor,victoria,vincent,virginia,walter,wayne,wendy,william,' +
  'willie,zach,zachary,zoe';

const INDONESIAN =
  'adi,aditya,agung,agus,ahmad,akbar,aldi,ali,alif,amir,andi,anies,anisa,annisa,anton,ari,arif,arya,asep,ayu,bagus,bambang,bayu,bima,budi,cahya,citra,' +
  'dani,danu,dedi,dedy,dewi,dian,dimas,dina,dodi,eka,endang,erik,fajar,farhan,fikri,fitri,gita,hadi,hana,hendra,heru,ilham,indah,indra,intan,irfan,iwan,' +
  'joko,kartika,kevin,kurnia,lestari,lina,lukman,made,maya,mega,megawati,muhammad,mohammad,nadia,nanda,nia,nur,nurul,nyoman,prabowo,pratiwi,puan,putra,' +
  'putri,rahmat,rama,ratna,ratu,reza,ridwan,rina,rini,rizki,rizky,rudi,rudy,sandiaga,sari,sekar,setiawan,siti,slamet,sri,susi,susilo,sutrisno,taufik,tika,' +
  'tri,tuti,uci,udin,ujang,wahyu,wati,wayan,wibowo,widya,winda,wulan,yanti,yogi,yudi,yuli,yusuf,ganjar,gibran,ketut,komang,nengah,gede,putu,kadek';

/** Everyday given names (folded lower case). */
export const GIVEN_NAMES: ReadonlySet<string> = new Set([...ENGLISH.split(','), ...INDONESIAN.split(',')]);
