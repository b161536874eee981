/**
 * Given names used in UK schools and the short forms, pet forms and common spellings people write instead.
 * Our own table, written for Guardpost: one line a given name, the name first, then its usual variants.
 * Lower case, accents folded (Zoë is written zoe). Variants point both ways: a pupil registered as
 * Isabella is found when a post says Izzy, and a pupil registered as Alfie is found under Alfred.
 */
const table = `
aaliyah aliyah aleah liyah
aaron azza
abdullah abdul abdi
abdulrahman abdul rahman
abigail abi abbie abby gail
adam ad
adeola deola
adrian ade
agnieszka aga
ahmed ahmad ahmet
aidan aiden
aisha ayesha aysha aishah
alasdair alistair alastair ali
albert bert bertie al
alberto beto
aleksander olek alek
alexander alex alec xander sandy lex alexandr
alexandra alex lexi lexie sasha sandra
alexis lexi alex
alfred alfie alf fred freddie
alice ally allie
alicia ali lisha
alison ali allie
amanda mandy manda
amber ambs
amelia millie mia amy mel
amelie amy mel
amira mira
amy ames
anastasia ana stacey stasia
andrea andi
andrew andy drew
angela angie ange
angelina lina angie
anna annie
annabel annabelle bella belle anna
annabella bella anna
anne annie
anthony tony ant
antonia toni
archibald archie
arjun arj
arthur art artie
arya aria
ashley ash
ashton ash
aurora rory rora
austin aus
ava avie
barnaby barney
bartholomew bart barty
beatrice bea bee trixie
beatrix bea trixie
benedict ben benny
benjamin ben benji benny
bernard bernie
bethany beth
bianca bia
blake blakey
bradley brad
brandon bran
brendan bren
brian bri
bridget biddy bridie
brooke brookie
caitlin cait katie
callum cal cally
cameron cam
camilla milly cammie
carlos carl
caroline carrie caro lina
carolyn carrie
casey case
cassandra cassie cass
catherine cathy kate katie cat kat
cecilia cissy cece
charles charlie chas chuck
charlotte charlie lottie lotte
chelsea chels
chiamaka chi ama
chidi chi
chinedu chi
christian chris
christina chris tina chrissie
christine chris chrissie
christopher chris kit topher
ciara kiera
clara clare
clarissa clara issa
claudia claude
clementine clem clemmie
cole coley
connor con
constance connie
cornelius neil con
cristian cris
cynthia cindy
daisy dais
damian damien
daniel dan danny
daniela dani ela
danielle dani ellie
darius daz
david dave davey
deborah debbie deb
declan dec
demetrius demi
denise dee
dennis den
derek del
desmond des
diana di
dimitri dima
dominic dom
dominika domi
donald don donny
dorothy dot dotty dolly
douglas doug dougie
duncan dunc
dylan dyl
eamon eamonn
ebony ebbie
edward ed eddie ted teddy ned
edwin ed
eileen eily
elaine laney
eleanor ellie nell nora elle
elena lena
elijah eli
elizabeth liz lizzie beth betty libby eliza elsie bess lizzy
ella ellie
ellen nell
ellis el
eloise elle
elsie els
emanuel manny
emeka meka
emilia emmy mila
emily em emmy millie
emma em emmie
emmanuel manny
erin ez
esme ez
esther essie
ethan eth
eugene gene
eva evie
evangeline evie eve
evelyn evie eve
ezekiel zeke
ezra ez
faisal fais
farah fara
fatima fatimah fati tima
felicity flick fliss
felix fee
finlay finn fin
finley finn
fiona fi
florence flo florrie flossie
frances fran frankie
francesca fran frankie chess cesca
francis frank frankie
frederick fred freddie freddy
gabriel gabe gabby
gabriella gabby ella
gabrielle gabby elle
gareth gaz
genevieve gen jenny evie
geoffrey geoff
george georgie
georgia georgie gee
georgina georgie gina
gerald gerry
geraldine gerry
gideon gid
gillian gill jill
grace gracie
gregory greg
gruffydd gruff
gwendolen gwen
hamish ham
hannah han
harold harry hal
harriet hattie harry
harrison harry
harry haz
harvey harv
hassan has
heather heth
helen nell
helena lena
henrietta hettie etta
henry harry hal hank
herbert herbie bert
hollie holly
honor honour
hugo hugh
humphrey humph
hussain husain hussein
ibrahim ibby ibra
ifeoma ify
imogen immy imi
ioan ifan
isaac ike zac
isabel izzy bella issy belle isobel isabelle izzie
isabella izzy bella issy izzie
isabelle izzy belle izzie
isadora izzy dora
isla isa
isobel izzy issy
ivan vanya
jacob jake jakey
jacqueline jackie
jake jakey
james jim jimmy jamie jem
jamie jay
jane janey
janet jan
jasmine jas jaz jazz yasmin
jason jay
jedediah jed
jemima jem mima
jennifer jen jenny jenna
jeremiah jerry jem
jeremy jerry jez
jessica jess jessie
jillian jill
joanna jo jojo
joanne jo
jocelyn jos
john jack johnny jon
jonathan jon jonny nathan
jordan jord
joseph joe joey jo
josephine jo josie
joshua josh
josiah josh
judith judy jude
julia jules julie
julian jules
juliet jules jools
justin just
kaitlyn katie kate
karen kaz
katarzyna kasia
katherine kate katie kath kat kitty
kathleen kath kathy
kayden kay
keira kiera
kenneth ken kenny
kevin kev
kieran kiaran
kimberley kim kimmy
kirsty kirst
lachlan lachie
laura lau
lauren laurie
laurence laurie larry
lawrence laurie larry
leah lea
leo leon
leonard len lenny leo
leonardo leo
leonie leo
lewis lew
liam li
lillian lily lil
lily lil lilly
lindsay lindsey
llewellyn llew
logan
lorenzo renzo enzo
louis lou louie
louisa lou lulu
louise lou lulu
lucas luke luka
lucia lucy
lucinda lucy cindy
lucy lu
luke lukey
madeleine maddie maddy
madison maddie maddy
magdalena magda lena
maisie maisy
malachi mal
malcolm mal
margaret maggie meg peggy greta
maria mia
mariam maryam miriam
marion mari
marjorie marge
mark marky
martha marty mattie
martin marty
mary molly polly mae
matilda tilly tilda mattie
matthew matt matty
maximilian max maxi
maxwell max
megan meg
melanie mel
melissa mel missy
michael mike mikey mick micky
michaela kayla mickey
michelle shell
mildred millie
millicent millie milly
miranda randa
mohammed mo mohammad muhammad mohamed mohamad moe hamid mamad
molly moll
monica mon
morgan mog
moses mo
muhammad mo mohammed
nadia nad
naomi nae
natalie nat
natasha tash tasha nat
nathan nate nat
nathaniel nate nat
nicholas nick nicky nico
nicola nicky nic
nicole nicky
noah
norman norm
octavia tavi
olivia liv livvy livvie ollie
oliver ollie olly
oluwaseun seun
oluwatobi tobi
oluwatoyin toyin
ophelia phee
oscar ozzie
owen ow
pamela pam
patricia pat patty trish tricia
patrick pat paddy
paul paulie
penelope penny pen
peter pete
philip phil pip
philippa pippa pip
phoebe phee
poppy pops
priya pri
priyanka priya
rachel rach
rafael rafa
raphael raff rafa
rebecca becky becca bex
reginald reg reggie
richard rich richie rick dick
robert rob bob bobby robbie bert
roberta bobbie
roderick rod roddy
rodney rod
ronald ron ronnie
rory ror
rosalind ros roz
rose rosie
rosemary rosie
rowena ro
rupert roo
ruth ruthie
ryan ry
sabrina bree
sadie sade
samantha sam sammy
samuel sam sammy
sandra sandy
sarah sara sadie
scarlett scarlet lettie
sebastian seb bash
seren ser
siddharth sid
simon si
siobhan shiv
sophia sophie soph
sophie soph
spencer spence
stanley stan
stefan stef
stephanie steph
stephen steve stevie
steven steve stevie
stuart stu
susan sue susie
suzanne sue suzy
sylvia syl
tabitha tabby
tatiana tanya tania
teresa tess tessa terri
terence terry tel
theodora thea dora
theodore theo ted teddy
theresa tess tessa
thomas tom tommy
timothy tim timmy
tobias toby
toby tobes
tristan tris
valentina val
valerie val
vanessa nessa ness
veronica ronnie
victor vic
victoria tori vicky vic
vincent vince vinny
violet vi
vivian viv
vivienne viv
wilfred wilf alfie
william will bill billy liam wills
winifred winnie
winston win
yasmin yas jas jasmine
yusuf yousef yousuf joseph
zachary zac zach zak
zainab zee
zara zaz
zeynep zey
zoe zo
zuzanna zuza
abimbola bimbo bola
adebayo bayo
adewale wale
akosua kosi
amaya maya
anastasiya nastya
anushka anu
aoife eefa
arabella bella
aryan ari
ayaan ayan
ayodele dele
bartosz bartek
bushra bush
caoimhe keeva
cerys ceri
chloe clo
cian kian
darcey darcy
darragh dara
divya div
eilidh ailie
elif eli
emre em
eoin owen
fionnuala nuala
freya frey
gurpreet preet
harpreet preet
harshita harshi
hamza hamz
ines nessa
jaskaran jas
jaspreet jas
kacper kacpi
kamil kam
karolina karo
kayleigh kayley
krzysztof krzys
kwame kwams
lakshmi laksh
lukasz luke
mackenzie kenzie mac
maja maya
malak mal
manpreet mani
matteo matt teo
mateusz mateo matt
mikolaj miko
mustafa musti
navdeep nav
niamh neve
nikolai kolya nik
nkechi kechi
oisin osh
olamide lami
oliwia oli liwia
omar om
oskar oz
parminder pam
rahul raz
rajesh raj
ravinder ravi
rhiannon rhi
rhys reece
rukhsana rukhi
safiya saf
samira sami
sanjay sanj
saoirse seersha
shivani shiv
sinead shinade
sukhdeep sukhi
szymon szymi
tariq tar
tegan teg
temitope temi tope
tiana tia
tomasz tomek
uchenna uche
vikram vik
wiktoria wiki
xavier xav
yaw yawo
yuki yu
zayn zain
zofia zosia zosha
arran arr
bryony bry
ffion ffi
gethin geth
iestyn iest
morwenna wenna
tomos tom
elliot eli elliott
ellie el
evie eves
freddie fred
harley harl
hayden hay
jayden jay
jenson jens
kai kye
lacey lace
layla lay laila
leighton leigh
lola
luca luka
mason mase
mila
mohammad mo
myles miles
nancy nan
orla orlagh
penny pen
reggie reg
riley ri
ronan ro
rosie ro
ruby rubes
sienna si
stella stel
summer sum
teddy ted
theo teddy
tyler ty
willow will
zachariah zac zach
ayla ay
bella bel
edith edie eadie
evelina evie lina
heidi heid
hope hopie
ivy ive
joy joey
june junie
may maisie
maeve mave
marcus marc
nathalie nat
ottilie tilly otti
pearl pearly
primrose rosie prim
rosalie rosie
seth sethy
sonny son
stephen steph
tallulah lulu tally
thea tea
tilly til
yara
ada addie
albie alb
arlo arl
beau bo
bobby bob
carter cart
dexter dex
eddie ed
elias eli
ezme ez
frankie frank
hallie hal
hudson hud
jude ju
kit kitty
lena len
margot margo
mabel mab mabs
nora nor
otis ot
percy perce
raphaela rafa
reuben rube
rowan ro
sonia son
wren wrennie
`;

/** Given name (folded) → variants, built once at load. Variants do not chain beyond one step. */
export const nicknameGroups: ReadonlyMap<string, readonly string[]> = buildGroups(table);

function buildGroups(source: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    if (key === value) return;
    const list = out.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    out.set(key, list);
  };
  for (const line of source.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const [head, ...variants] = words;
    if (!head) continue;
    for (const v of variants) {
      add(head, v);
      add(v, head);
    }
  }
  return out;
}

/** How many given names have at least one listed short form (the issue asks for 400+). */
export function countGivenNamesWithShortForms(): number {
  let count = 0;
  for (const line of table.split('\n')) if (line.trim().split(/\s+/).length >= 2) count += 1;
  return count;
}

/** The given names the table lists (its first column), for generated test data. */
export const tableGivenNames: readonly string[] = table
  .split('\n')
  .map((line) => line.trim().split(/\s+/)[0])
  .filter((name): name is string => name !== undefined && name.length > 0);
