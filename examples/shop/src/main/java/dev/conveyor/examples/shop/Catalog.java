package dev.conveyor.examples.shop;

import java.util.List;
import java.util.Optional;

/** The shop's fixed range of products, the same in every version. */
final class Catalog {
  static final List<Product> PRODUCTS =
      List.of(
          new Product(1, "espresso beans, 1 kg", 2_490),
          new Product(2, "burr grinder", 8_900),
          new Product(3, "pour-over kettle", 4_450),
          new Product(4, "paper filters, 100", 590),
          new Product(5, "ceramic cup", 1_200));

  private Catalog() {}

  static Optional<Product> find(long id) {
    return PRODUCTS.stream().filter(p -> p.id() == id).findFirst();
  }
}
