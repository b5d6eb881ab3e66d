import { describe, expect, it } from "vitest";
import { inOtherLanguage, languageCode, textLanguage } from "../../src/search/language.js";
import { withDocumentsRag, withMemoryRag } from "../support/memory-rag.js";

describe("textLanguage: a text's language by its function words", () => {
  it("tells English, French, German and Italian questions and passages", () => {
    expect(textLanguage("How do I turn on write-ahead logging for my database?")).toBe("en");
    expect(textLanguage("Comment est-ce que je peux activer la journalisation dans la base de données ?")).toBe("fr");
    expect(textLanguage("Wie kann ich die Protokollierung für die Datenbank einschalten, wenn sie nicht läuft?")).toBe("de");
    expect(textLanguage("Come posso attivare il registro della base di dati quando il server non è in funzione?")).toBe("it");
  });

  it("tells short questions in Spanish, Japanese, Chinese and Korean", () => {
    expect(textLanguage("¿Cómo puedo cambiar el puerto del servidor cuando no está en marcha?")).toBe("es");
    expect(textLanguage("サーバーの設定方法は？")).toBe("ja");
    expect(textLanguage("服务器如何配置端口")).toBe("zh");
    expect(textLanguage("서버 포트를 어떻게 변경합니까?")).toBe("ko");
    expect(textLanguage("What is 日本?")).toBeUndefined();
  });

  it("tells Japanese, Chinese and Korean by their scripts", () => {
    expect(textLanguage("データベースの先行書き込みログを有効にするには、次の設定を変更してください。")).toBe("ja");
    expect(textLanguage("要启用数据库的预写日志，请修改下面的配置并重新启动服务器进程以使其生效。")).toBe("zh");
    expect(textLanguage("데이터베이스의 미리 쓰기 로그를 사용하려면 다음 설정을 변경한 다음 서버를 다시 시작하십시오.")).toBe("ko");
  });

  it("tells nothing of names, keywords and code, whose words are not prose in any language", () => {
    expect(textLanguage("PRAGMA journal_mode")).toBeUndefined();
    expect(textLanguage("sqlite3_open_v2 flags")).toBeUndefined();
    expect(textLanguage("int main(int argc, char **argv) { int fd; unsigned long n, i; struct bio *bio; }")).toBeUndefined();
    expect(textLanguage("")).toBeUndefined();
  });

  it("says a passage is in another language than the question's when it is prose in another, not when it is code", () => {
    const spanish =
      "Este capítulo vuelve sobre algunos aspectos que ya se han descrito con una perspectiva diferente: en lugar de instalar un único equipo vamos a estudiar sistemas.";
    expect(textLanguage(spanish)).toBe("es");
    expect(inOtherLanguage(spanish, "en")).toBe(true);
    expect(inOtherLanguage(spanish, "es")).toBe(false);
    expect(inOtherLanguage("La réplication envoie le journal du serveur primaire à chaque serveur secondaire.", "en")).toBe(true);
    expect(inOtherLanguage("データベースの先行書き込みログを有効にするには、次の設定を変更してください。", "en")).toBe(true);
    expect(inOtherLanguage("The primary streams its log to each standby, and a standby that falls behind catches up.", "en")).toBe(false);
    expect(inOtherLanguage("int kgdb_arch_handle_exception(int vector, int signo, int err_code, char *in_buffer, char *out_buffer)", "en")).toBe(false);
    expect(inOtherLanguage("", "en")).toBe(false);
  });
});

describe("languageCode: a language value as an ISO 639-1 code", () => {
  it("reads codes, tags and list names, and nothing else", () => {
    expect(languageCode("en")).toBe("en");
    expect(languageCode("en-US")).toBe("en");
    expect(languageCode("pt_BR")).toBe("pt");
    expect(languageCode("deu")).toBe("de");
    expect(languageCode("python")).toBeUndefined();
    expect(languageCode("js")).toBeUndefined();
    expect(languageCode("go")).toBeUndefined();
    expect(languageCode("toString")).toBeUndefined();
    expect(languageCode(42)).toBeUndefined();
  });
});

const EN = "Replication: the main server ships its write-ahead log to each replica, and a replica that lags catches up from the archive.";
const FR =
  "La réplication : le serveur primaire envoie son journal à chaque standby PostgreSQL, et un standby PostgreSQL qui prend du retard le rattrape depuis les archives de PostgreSQL.";
/** A French passage and an English one that match the question by the same words, the French a little better. */
const FR_NEAR = "La réplication : le serveur primary envoie son journal à chaque standby, et un standby le lit depuis les archives.";
const EN_NEAR = "Replication: the primary server ships its log to each standby over the network, and the archive keeps every segment of it for a week.";
const QUESTION = "How does a PostgreSQL standby catch up when it falls behind the primary?";

describe("rag.search puts hits in the question's language first", () => {
  it("ranks the English passage first when the French ones match an English question better by its words", async () => {
    await withDocumentsRag(
      [
        { id: "fr", content: FR_NEAR },
        { id: "fr2", content: `${FR_NEAR} Voir aussi.` },
        { id: "fr3", content: `${FR_NEAR} Voir les archives.` },
        { id: "en", content: EN_NEAR },
      ],
      async (rag) => {
        const off = await rag.search(QUESTION, { mode: "keyword", topK: 4, questionLanguageFirst: false });
        expect(off.map((h) => h.documentId).at(-1)).toBe("en");
        const on = await rag.search(QUESTION, { mode: "keyword", topK: 4 });
        expect(on[0]?.documentId).toBe("en");
        expect(on.map((h) => h.documentId).slice(1)).toEqual(off.map((h) => h.documentId).slice(0, 3));
        expect(on.explain.notes).toContain("hits in the question's language (en) first, of 4 fetched");
        expect(off.explain.notes.some((note) => note.includes("question's language"))).toBe(false);
      },
    );
  });

  it("keeps the search's order when a hit or two are in another language: answers found only there", async () => {
    await withDocumentsRag(
      [
        { id: "fr", content: FR_NEAR },
        { id: "fr2", content: `${FR_NEAR} Voir aussi.` },
        { id: "en", content: EN_NEAR },
        { id: "en2", content: `${EN_NEAR} It is kept on disk.` },
        { id: "en3", content: `${EN_NEAR} It is kept on tape.` },
      ],
      async (rag) => {
        const on = await rag.search(QUESTION, { mode: "keyword", topK: 5 });
        const off = await rag.search(QUESTION, { mode: "keyword", topK: 5, questionLanguageFirst: false });
        expect(
          off
            .slice(0, 2)
            .map((h) => h.documentId)
            .sort(),
        ).toEqual(["fr", "fr2"]);
        expect(on.map((h) => h.id)).toEqual(off.map((h) => h.id));
      },
    );
  });

  it("keeps a hit in another language first when it scores over twice the best one in the question's language", async () => {
    // Three Portuguese passages that match the question well, and English ones that match it by one common word.
    const pt = (i: number) => ({
      id: `pt${i}`,
      content: `O parâmetro max_replication_lag define o atraso máximo que uma réplica pode ter em relação ao servidor; quando o atraso passa desse valor, o servidor deixa de enviar as consultas para a réplica (${i}).`,
    });
    const en = (i: number) => ({ id: `en${i}`, content: `You can set the value of option number ${i}, and the server reads it when it starts.` });
    await withDocumentsRag([pt(1), pt(2), pt(3), en(1), en(2), en(3), en(4), en(5)], async (rag) => {
      const question = "How do I set the max_replication_lag of the server?";
      const off = await rag.search(question, { mode: "keyword", topK: 5, questionLanguageFirst: false });
      expect(
        off
          .slice(0, 3)
          .map((h) => h.documentId)
          .sort(),
      ).toEqual(["pt1", "pt2", "pt3"]);
      const on = await rag.search(question, { mode: "keyword", topK: 5 });
      expect(
        on
          .slice(0, 3)
          .map((h) => h.documentId)
          .sort(),
      ).toEqual(["pt1", "pt2", "pt3"]);
    });
  });

  it("searches deeper for hits in the question's language when the first ones are all in another", async () => {
    // Each French passage matches the question a little better than the English one.
    const french = Array.from({ length: 6 }, (_, i) => ({ id: `fr${i}`, content: `${FR_NEAR} Copie ${i}.` }));
    const english = { id: "en", content: EN_NEAR };
    await withDocumentsRag([...french, english], async (rag) => {
      const off = await rag.search(QUESTION, { mode: "keyword", topK: 3, questionLanguageFirst: false });
      expect(off.map((h) => h.documentId)).not.toContain("en");
      const on = await rag.search(QUESTION, { mode: "keyword", topK: 3 });
      expect(on).toHaveLength(3);
      expect(on[0]?.documentId).toBe("en");
    });
  });

  it("keeps the search's order for a question of no clear language and for a collection of one language", async () => {
    await withDocumentsRag(
      [
        { id: "en", content: EN },
        { id: "fr", content: FR },
      ],
      async (rag) => {
        const keywords = await rag.search("PostgreSQL standby", { mode: "keyword", topK: 2 });
        const plain = await rag.search("PostgreSQL standby", { mode: "keyword", topK: 2, questionLanguageFirst: false });
        expect(keywords.map((h) => h.documentId)).toEqual(plain.map((h) => h.documentId));
      },
    );
    await withDocumentsRag(
      [
        { id: "a", content: EN },
        { id: "b", content: `${EN} PostgreSQL PostgreSQL standby.` },
      ],
      async (rag) => {
        const on = await rag.search(QUESTION, { mode: "keyword", topK: 2 });
        const off = await rag.search(QUESTION, { mode: "keyword", topK: 2, questionLanguageFirst: false });
        expect(on.map((h) => h.id)).toEqual(off.map((h) => h.id));
      },
    );
  });

  it("refuses a questionLanguageFirst that is not a boolean", async () => {
    await withDocumentsRag([{ id: "en", content: EN }], async (rag) => {
      await expect(rag.search(QUESTION, { questionLanguageFirst: "yes" as unknown as boolean })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });
  });

  it("ingest writes each document's language to its metadata, and keeps a language the document states", async () => {
    await withDocumentsRag(
      [
        { id: "en", content: EN },
        { id: "fr", content: `${FR} Pour ajouter un serveur, il suffit de copier la base et de le démarrer : il se met à jour dans les minutes qui suivent.` },
        { id: "code", content: "int main(int argc, char **argv) { return 0; }" },
      ],
      async (rag) => {
        const records = await rag.collection.list({ limit: 10 });
        const language = (id: string) => records.find((r) => r.documentId === id)?.metadata.language;
        expect(language("en")).toBe("en");
        expect(language("fr")).toBe("fr");
        expect(language("code")).toBeUndefined();
      },
    );
    await withMemoryRag(async (rag) => {
      await rag.ingest([{ id: "stated", content: FR, metadata: { language: "fr-CA" } }]);
      expect((await rag.collection.list({ limit: 1 }))[0]?.metadata.language).toBe("fr-CA");
      // A page of code says nothing by its words: its <html lang> (the HTML loader's `lang`) tells it.
      await rag.ingest([{ id: "code-de", content: "int main(int argc, char **argv) { return 0; }", metadata: { lang: "de-DE" } }]);
      const records = await rag.collection.list({ limit: 10 });
      expect(records.find((r) => r.documentId === "code-de")?.metadata.language).toBe("de");
    });
  });

  it("takes a hit's language from its document, so that a page's passage of code goes with the page", async () => {
    // The French page's chunk is a command, the same in every language: only its document says it is French.
    const command = "mdadm --create /dev/md0 --level=1 --raid-devices=2 /dev/sdb /dev/sdc  # RAID array, disks sdb sdc";
    await withDocumentsRag(
      [
        { id: "fr", content: command, metadata: { language: "fr" } },
        { id: "de", content: command, metadata: { language: "de-DE" } },
        { id: "it", content: command, metadata: { language: "it" } },
        { id: "en", content: `Mirror a pair of partitions with this command, then watch the status file: ${command}`, metadata: { language: "en" } },
      ],
      async (rag) => {
        const question = "How do I create a RAID array with mdadm and two disks?";
        const off = await rag.search(question, { mode: "keyword", topK: 4, questionLanguageFirst: false });
        expect(off[0]?.documentId).not.toBe("en");
        const on = await rag.search(question, { mode: "keyword", topK: 4 });
        expect(on[0]?.documentId).toBe("en");
      },
    );
  });
});
