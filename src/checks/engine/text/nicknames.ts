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

/**
 * More given names and traditional English forms (Jeffrey → Jeff, Barbara → Bobbie, Margaret → Peggy),
 * also written for Guardpost; lines repeating a name above add variants to it.
 */
const moreTable = `
abraham abe bram
agatha aggie
alan al alun allan allen
alvin al vin
ambrose brose
amos
angus gus
annette annie nettie
antoinette toni netta
arnold arnie
augustus gus gussie august
augustine gus austin
barbara barb babs barbie bobbie bobbi barbra
barry baz
benedict ben benny
bernadette bernie detta
beverley bev beverly
calvin cal
carl carlo
carol carole caz
carolina caro lina
cecil cec
chester chet
clarence clarrie
clifford cliff
clive
colin col
craig
curtis curt
cyril cy
cyrus cy
dale
darren daz
dean dino
delia dee
dolores lola dee
donna
doreen dor
dorothea dora dot dottie thea
edgar ed eddie
edmund ed eddie ned ted
edna
elinor ellie nell nora
ernest ernie
eric rick ricky erik
estelle stella
evan
everett ev
floyd
franklin frank frankie
frank frankie
gary gaz garry
gavin gav
gertrude gertie trudy trudie
gilbert gil bert bertie
glenn glen
gloria glory
gordon gordy
graham gray
gwendolyn gwen wendy
heath
herman herm
hilary hil
horace
howard howie
ian iain
ignatius iggy
irene reenie rena
isidore izzy
jack jackie jacky
janice jan jannie
jeanette jean jenny nettie
jeffrey jeff geoff jeffery jefferey geoffrey
jerome jerry
jesse jess
joan joanie jo
joel jo
juliana julie jules
karl kal
kathryn kate katie kathy kat kay
katrina kat trina katie
keith
kelly kel
lance
larry laz
lee
leon leo
leslie les lesley
lester les
lindsey lindsay lin
lionel leo
lorraine lori laurie
lucille lucy lou
luther
lydia liddy
madeline maddie madge lena maddy madelyn
marcia marsha
marguerite margie daisy rita
marilyn lyn marly
marlene marly
matthias matt matty
maureen mo maury
maurice mo morris maurie
melvin mel
mervyn merv
meredith merry
mitchell mitch
montgomery monty
myra
nadine nadia
neil neal niall
nelson nel
nigel nige
noel
norbert bert
oswald oz ozzy
pauline paula
perry
phyllis phil
priscilla cilla prissy
prudence prue
quentin quin
ralph rafe
randall randy rand
randolph randy dolph
raymond ray
regina gina reggie
rita
roger rodge
roland roly rolly
rosa rosie
roxanne roxy
russell russ rusty
sally sal
sheila
sidney sid
solomon sol
sybil syb
tamara tammy tam
tanya tania
terrence terry tel
thaddeus thad tad
tiffany tiff
tracy tracey trace
trevor trev
troy
ursula sula
vernon vern
virginia ginny ginnie
wallace wally
walter walt wally
wanda
warren
wayne
wendy wend
wesley wes
wilbur wil
wilhelmina mina willa minnie billie
yvonne vonnie
zebedee zeb
william will bill billy liam willy wills willie wil
robert rob bob bobby robbie bert rab robin
richard rick dick rich richie ricky dickie
margaret madge marge margie maisie megan rita margo mags peg
elizabeth bessie betsy elsa lisa lise liza betty bet
edward eddie ned ted teddy ed
james jim jimmy jamie jem jas
john jack johnny jon jock
henry harry hal hank
mary molly polly mae mamie
charles charlie chas chuck chaz chip
thomas tom tommy thom
joseph joe joey jos
michael mike mikey mick micky mickey mitch
anthony tony ant antony
patrick pat paddy patsy
susan sue susie suzy sukie
katherine kate katie kath kathy kit kitty cathy kat
catherine cath cathy cat kate katie cate
christopher chris kit topher kristopher
nicholas nick nicky nico nik
alexander alex al sandy xander zander sasha
jonathan jon jonny nathan
timothy tim timmy
matthew matt matty
stephen steve stevie
steven steve stevie
daniel dan danny
samuel sam sammy
benjamin ben benny benji
david dave davy dai
andrew andy drew
gregory greg
peter pete
philip phil pip
patricia pat patty trish tricia
jennifer jen jenny jenn jennie
rebecca becky becca bex
victoria vicky tori vic
jessica jess jessie
deborah debbie deb debs
samantha sam sammy
charlotte charlie lottie lotte
eleanor ellie nell nellie nora elle
frances fran frankie fanny
theodore theo ted teddy
frederick fred freddie freddy
francis frank frankie
harold harry hal
donald don donny
ronald ron ronnie
kenneth ken kenny
leonard len lenny leo
lawrence larry laurie lol
douglas doug dougie
raymond ray
gerald gerry jerry
dominic dom
anthony tony
christine chris chrissie tina
christina chris tina chrissie
angela angie
pamela pam
sandra sandy
susanna susie sanna
virginia ginny
josephine jo josie
joanna jo jojo
caroline caz carrie carol
abigail abby abbie abi gail
alexandra alex lexi sasha sandra sandy
harriet hattie hatty
penelope penny
rosemary rosie
theresa tess tessa terri tracy
teresa tess tessa terri
valerie val
veronica ronnie vera
vivian viv
wilfred wilf fred
winifred winnie fred freda
dorothy dot dotty dora
gillian gill jill gilly
helen nell nellie
isabel izzy bel bella
judith judy jude
julia jules julie
louisa lou lulu
lucinda lucy cindy
madeleine maddie maddy
martha marty mattie patty
matilda tilly tilda mattie
miranda randy mira
natalie nat tally
nicola nicky nic
olivia liv livvy
sophia sophie soph
stephanie steph stevie
victor vic
vincent vince vinny
zachary zach zack zac
nathaniel nat nate nathan
elijah eli
ezekiel zeke
isaac ike zac
jacob jake jakey
joshua josh
solomon solly
tobias toby
eugene gene
benedict benny
bartholomew bart tolly
cornelius neil connie
augusta gussie
cassandra cass cassie sandra
cynthia cindy
evangeline eva evie
gabriella gabby ella
genevieve gen viv
henrietta hettie etta
jacqueline jackie jacqui
millicent millie
ophelia phelia
philippa pippa pip
rosalind ros roz
`;

/**
 * The first table's groups alone: its variants are also looked for as a given name on its own, where an
 * everyday word among the newer forms ("bill", "sue", "pat") would be read as a pupil far too often.
 */
export const baseNicknameGroups: ReadonlyMap<string, readonly string[]> = buildGroups(table);

/** Given name (folded) → variants, built once at load. Variants do not chain beyond one step here. */
export const nicknameGroups: ReadonlyMap<string, readonly string[]> = buildGroups(`${table}\n${moreTable}`);

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
  const heads = new Set<string>();
  for (const line of `${table}\n${moreTable}`.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length >= 2 && words[0]) heads.add(words[0]);
  }
  return heads.size;
}

/** The given names the table lists (its first column), for generated test data. */
export const tableGivenNames: readonly string[] = table
  .split('\n')
  .map((line) => line.trim().split(/\s+/)[0])
  .filter((name): name is string => name !== undefined && name.length > 0);
