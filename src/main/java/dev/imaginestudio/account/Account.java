package dev.imaginestudio.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person who uses the studio. Quarkus Security JPA checks the password against {@link #passwordHash} (bcrypt, in
 * modular crypt format); {@link #publicId} is what jobs, collections and shares name as their owner, so a deleted
 * account's name can be taken again without inheriting anything.
 */
@Entity
@Table(name = "studio_account")
@UserDefinition
public class Account extends PanacheEntityBase {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String publicId;

    @Username
    @Column(nullable = false, length = 64)
    public String username;

    @Password
    @Column(nullable = false, length = 100)
    public String passwordHash;

    @Roles
    @Column(nullable = false, length = 16)
    public String role;

    @Column(nullable = false)
    public boolean disabled;

    @Column(nullable = false)
    public Instant createdAt;

    public boolean admin() {
        return ADMIN.equals(role);
    }

    public static Account byUsername(String username) {
        return find("username", username).firstResult();
    }
}
