package dev.conveyor.examples.shop;

/** One thing the shop sells, with its price in cents. */
public record Product(int id, String name, long priceCents) {}
