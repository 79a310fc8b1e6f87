// What an emailed answer says once its mail client's additions are gone: real MIME samples
// parsed by postal-mime, then the quoted history, marker line and signature stripped.
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { answerText, htmlToText, stripQuotedReply } from "../src/offline/replyText";
import appleMail from "./fixtures/mail/apple-mail-reply.eml?raw";
import frenchQp from "./fixtures/mail/french-quoted-printable.eml?raw";
import gmail from "./fixtures/mail/gmail-reply.eml?raw";
import htmlOnly from "./fixtures/mail/html-only.eml?raw";
import alternative from "./fixtures/mail/multipart-alternative.eml?raw";
import outlook from "./fixtures/mail/outlook-reply.eml?raw";

const TO = "reply+abcdefghijklmnopqrst-tq2c1s-abcdefghijklmnop@reply.example.test";
const parse = (raw: string) => PostalMime.parse(raw.replaceAll("{{TO}}", TO));

describe("the answer in a real email", () => {
  it("multipart/alternative: the plain-text part, whole, when nothing is quoted", async () => {
    expect(await answerText(await parse(alternative))).toBe("Hello again,\n\nIs the cargo bike available in green?\nThanks!");
  });

  it("Gmail: stops at « On … wrote: » even when Gmail wrapped it over two lines", async () => {
    expect(await answerText(await parse(gmail))).toBe("Great, then I would like the blue cargo bike.\nCan you deliver on a Saturday?");
  });

  it("Outlook: stops at the rule and the « From: … Sent: … » block", async () => {
    expect(await answerText(await parse(outlook))).toBe("Thanks, Saturday morning works for me.\n\nAda");
  });

  it("Apple Mail: its flowed lines joined, and the answer stops at the signature and « On …, at …, X wrote: » with its > quotes", async () => {
    expect(await answerText(await parse(appleMail))).toBe("Perfect, see you on Saturday. One more question: does the bike come with a rain cover?");
  });

  it("quoted-printable with French accents, a character split over a soft line break, and « Le … a écrit : »", async () => {
    const email = await parse(frenchQp);
    expect(email.subject).toBe("Re : votre message à Northwind Bikes");
    expect(await answerText(email)).toBe("Merci beaucoup ! Je préfère une livraison à domicile, c’est très pratique pour moi.\n\nÀ samedi,\nAmélie");
  });

  it("HTML only: turned to text with its entities decoded, its style dropped and the Gmail quote cut", async () => {
    expect(await answerText(await parse(htmlOnly))).toBe("Bonjour,\n\nJe voudrais aussi un panier à l'avant & un antivol.\nMerci !");
  });
});

describe("quoted history and signatures", () => {
  it.each([
    ["Outlook's separator", "Yes please.\n\n-----Original Message-----\nFrom: Northwind\nSent: Monday\n\nOld text", "Yes please."],
    ["Outlook in French", "Oui merci.\n\nDe : Northwind Bikes <x@y>\nEnvoyé : lundi 30 novembre 2026 14:05\nÀ : Amélie\nObjet : Re : votre message\n\nAncien texte", "Oui merci."],
    ["Outlook's French separator", "D'accord.\n-----Message d'origine-----\nDe : Northwind", "D'accord."],
    ["our marker, unquoted", "Sounds good\n## Write your answer above this line ##\nSam answered", "Sounds good"],
    ["our French marker", "Parfait\n\n## Écrivez votre réponse au-dessus de cette ligne ##\nSam a répondu", "Parfait"],
    ["iOS Mail", "Thanks!\n\nSent from my iPhone\n\n> On 30 Nov 2026, at 14:05, Northwind <x@y> wrote:\n> \n> Old", "Thanks!"],
    ["iOS Mail in French", "Merci !\n\nEnvoyé de mon iPhone\n\n> Le 30 nov. 2026 à 14:05, Northwind <x@y> a écrit :\n>\n> Ancien", "Merci !"],
    ["Thunderbird in French", "Très bien.\n\nLe 30/11/2026 à 14:05, Northwind Bikes a écrit :\n> Ancien", "Très bien."],
    ["a signature without its trailing space", "See you.\n--\nAda\nhttps://ada.example", "See you."],
    ["an inline answer between quotes keeps the answer", "> Which colour?\nGreen, please.\n> Which size?\nLarge.", "Green, please.\nLarge."],
  ])("%s", (_, text, expected) => {
    expect(stripQuotedReply(text)).toBe(expected);
  });

  it("a line that only mentions writing is kept", () => {
    expect(stripQuotedReply("On Monday I wrote to your colleague about it.\nAny news?")).toBe("On Monday I wrote to your colleague about it.\nAny news?");
  });

  it("HTML from Outlook stops where its reply header starts", async () => {
    const html = (await parse(outlook)).html!;
    expect(await htmlToText(html)).toBe("Thanks, Saturday morning works for me.\n\nAda");
  });

  it("markup in an HTML answer is read as text, never kept as tags", async () => {
    expect(await htmlToText("<p>1 &lt; 2 &amp;&amp; <script>alert(1)</script>3 &gt; 2</p><ul><li>one</li><li>two</li></ul>")).toBe("1 < 2 && 3 > 2\n\n- one\n- two");
  });
});
