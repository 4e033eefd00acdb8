import { describe, expect, it } from "vitest";
import { AssignmentBook } from "./assignment-book.js";

const loads = ["a", "b", "c", "d", "e", "f", "g", "h"].map((cluster) => ({ cluster, satellites: 500 }));

function assigned(hosts: string[]) {
  const book = new AssignmentBook(loads, 1000);
  book.commit(book.plan(hosts, 0));
  return book;
}

describe("AssignmentBook", () => {
  it("must assign before anything is assigned, and then stands", () => {
    const book = new AssignmentBook(loads, 1000);
    expect(book.dueAtMs()).toBe(Number.NEGATIVE_INFINITY);
    book.commit(book.plan(["h1", "h2"], 0));
    expect(book.dueAtMs()).toBeUndefined();
    expect(book.epoch).toBe(1);
  });

  it("takes up joins together once the first has settled", () => {
    const book = assigned(["h1", "h2"]);
    book.hostJoined("h3", 5000);
    book.hostJoined("h4", 5600);
    expect(book.dueAtMs()).toBe(6000);
  });

  it("must be redone at once when an assigned host is gone, joins pending or not", () => {
    const book = assigned(["h1", "h2"]);
    book.hostJoined("h3", 5000);
    book.invalidate();
    expect(book.dueAtMs()).toBe(Number.NEGATIVE_INFINITY);
  });

  it("counts changes during an assignment in flight against the next one", () => {
    const book = assigned(["h1", "h2"]);
    const plan = book.plan(["h1", "h2", "h3"], 3);
    book.hostJoined("h4", 7000);
    book.commit(plan);
    expect(book.dueAtMs()).toBe(8000);
  });

  it("spends the epoch of a refused plan and goes past every epoch hosts report", () => {
    const book = assigned(["h1", "h2"]);
    book.refused(book.plan(["h1", "h2"], 0));
    expect(book.epoch).toBe(2);
    book.seen(7);
    expect(book.plan(["h1"], 0).epoch).toBe(8);
  });

  it("knows the satellites each host holds, and those it must load to take up a plan (sticky: the new hosts load the surplus)", () => {
    const book = assigned(["h1", "h2"]);
    expect(book.satellitesOf("h1")).toBe(2000);
    expect(book.maxSatellitesPerHost()).toBe(2000);
    const plan = book.plan(["h1", "h2", "h3", "h4"], 0);
    expect(["h1", "h2", "h3", "h4"].map((h) => book.satellitesToLoad(h, plan))).toEqual([0, 0, 500, 500]);
  });
});
