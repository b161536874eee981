/**
 * Link shorteners and redirect services: a link through one of these hides where it leads. Written for
 * Guardpost from general knowledge of the services (general-purpose shorteners, the short domains big
 * sites use for their own pages, link-in-bio pages, ad-funded "pay per click" shorteners, newsletter and
 * mail click trackers). A host matches an entry or any subdomain of it ("u123.ct.sendgrid.net").
 */
const builtIn = `
0rz.tw 1drv.ms 1ink.cc 1link.in 1url.com 1url.cz 2.gp 2no.co 2tu.us 3.ly 4sq.com 7.ly 9qr.de a.co a.gd abcn.ws
acortar.link adcrun.ch adf.ly adfoc.us adobe.ly aka.ms album.link amzn.asia amzn.eu amzn.to apne.ws apple.co
ay.live b23.tv bbc.in bc.vc beacons.ai bio.link bit.do bit.ly bitly.com bl.ink bloom.bg bom.so books2read.com
bre.is budurl.com buff.ly bzfd.it campsite.bio cbsloc.al cbsn.ws chilp.it clc.am clck.ru cli.gs
click.convertkit-mail.com clicks.aweber.com clk.sh cnn.it cort.as ct.sendgrid.net cutit.org cutt.ly cutt.us
cuty.io dailym.ai db.tt direct-link.net dis.gd discord.gg dlvr.it dpo.st droplink.co dub.sh durl.me dwz.cn
ebay.to ebay.us econ.st eepurl.com exe.io exey.io fanlink.to fb.me fb.watch fc.lc ffm.to flic.kr forms.gle
found.ee frama.link fur.ly fxn.ws g.co g.page geni.us gestyy.com getbook.at gg.gg glo.bo go.shr.lc go2.me
goo.gl goo.su gplinks.co grabify.link gu.com han.gl hoo.be ht.ly hubs.la hubs.li hubs.ly huff.to huffp.st
huit.re hypel.ink hyperurl.co ift.tt ind.pn instagr.am iplogger.com iplogger.org iplogger.ru is.gd ity.im j.gs
j.mp kl.am kurzelinks.de kutt.it l.ead.me l.linklyhq.com lc.cx lihi.cc lihi1.cc link-to.net
link.mail.beehiiv.com linkbucks.com linkin.bio linkr.bio links.govdelivery.com linkshrink.net linktr.ee
linkvertise.com list-manage.com ln.run lnk.bio lnk.co lnk.to lnkd.in lnkfi.re lnks.gd lstu.fr m.me
mandrillapp.com mcaf.ee me2.do mnge.it mol.im moourl.com ms.spr.ly msft.it msha.ke mybook.to n.pr naver.me
nbcnews.to nico.ms nyp.st nyti.ms oke.io on.fb.me on.ft.com orcd.co ouo.io ouo.press ow.ly pin.it ping.fm
plu.sh po.st politi.co ppt.cc pse.is q.gs qps.ru qr.ae qr.codes qr.net qr1.be qrco.de qrs.ly r20.rs6.net rb.gy
rebrand.ly redd.it reurl.cc reut.rs rlu.ru rotf.lol rs6.net s.coop s.id safelinks.protection.outlook.com
scan.page sched.co scnv.io sh.st shor.by short.cm short.gy short.io shorte.st shorter.me shortest.link
shorturl.at shorturl.com shp.ee shrink.pe shrinke.me shrinkme.io shrtco.de shrunken.com smarturl.it sn.im
snip.ly snipurl.com snurl.com solo.to song.link soo.gd spoti.fi spotify.link spr.ly sptfy.com su.pr suo.im
surl.li t.cn t.co t.e2ma.net t.ly t.me t1p.de t2m.io taplink.cc tgr.ph thetim.es ti.me tiny.cc tiny.one
tiny.pl tinyarrows.com tinylink.in tinyurl.com tmblr.co tny.im to.ly tr.im trib.al tweez.me twurl.nl u.bb u.nu
u.to ulvis.net up-to-down.net ur1.ca url.cn urlz.fr urlzs.com usat.ly v.gd v.ht vk.cc vm.tiktok.com vo.la
vt.tiktok.com vurl.com w.wiki wa.me wapo.st wp.me x.co xn--hgi.ws xrl.us y2u.be ya.cc yep.it yhoo.it yip.su
youtu.be za.gl zpr.io zws.im
`;

export const builtInShorteners: ReadonlySet<string> = new Set(builtIn.split(/\s+/).filter(Boolean));
